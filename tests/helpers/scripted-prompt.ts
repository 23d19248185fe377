import type { PassphraseRequest } from '../../src-main/platform/key-store';

/** A passphrase prompt that answers from a script (null: cancelled) and records what it was asked. */
export function scriptedPrompt(answers: (string | null)[]) {
  const asked: PassphraseRequest[] = [];
  const prompt = (req: PassphraseRequest) => {
    asked.push(req);
    return Promise.resolve(answers.length ? answers.shift()! : null);
  };
  return { prompt, asked };
}

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isPassphraseMessage, passphrasePage, passphraseWindowOptions } from '../../src-main/window/passphrase-page';

const hashOf = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

describe('passphrase prompt page', () => {
  it('runs only its own inline script, allowed by hash, never unsafe-inline', () => {
    const { html, csp } = passphrasePage({ mode: 'unlock' });
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(csp).toContain(`script-src ${hashOf(script!)}`);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'none'");
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('http-equiv="Content-Security-Policy"');
  });

  it('asks twice when creating, once when unlocking, and says why it asks again', () => {
    expect(passphrasePage({ mode: 'create' }).html).toContain('id="p2"');
    expect(passphrasePage({ mode: 'unlock' }).html).not.toContain('id="p2"');
    const again = passphrasePage({ mode: 'unlock', error: 'wrongPassphrase', attemptsLeft: 3 }).html;
    expect(again).toContain('Wrong passphrase');
    expect(again).toContain('3 attempts left');
  });

  it('asks a joining branch for the one-time passphrase of its enrollment file, once', () => {
    const first = passphrasePage({ mode: 'enroll' }).html;
    expect(first).toContain('Join as a branch');
    expect(first).toContain('One-time passphrase');
    expect(first).not.toContain('id="p2"');
    const again = passphrasePage({ mode: 'enroll', error: 'wrongPassphrase', attemptsLeft: 2 }).html;
    expect(again).toContain('Wrong one-time passphrase');
    expect(again).toContain('2 attempts left');
  });

  it('asks a branch recovering its key for the one-time passphrase of the recovery file, once', () => {
    const first = passphrasePage({ mode: 'recover' }).html;
    expect(first).toContain('Recover the database key');
    expect(first).toContain('with the recovery file');
    expect(first).toContain('One-time passphrase');
    expect(first).not.toContain('id="p2"');
    expect(passphrasePage({ mode: 'recover', error: 'wrongPassphrase', attemptsLeft: 2 }).html).toContain('Wrong one-time passphrase');
  });

  it('is shown in a sandboxed, isolated window without devtools', () => {
    const wp = passphraseWindowOptions('/p.cjs').webPreferences;
    expect(wp).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: false, webviewTag: false });
  });

  it('accepts only well-formed messages from the prompt', () => {
    expect(isPassphraseMessage({ action: 'submit', value: 'correct horse' })).toBe(true);
    expect(isPassphraseMessage({ action: 'cancel' })).toBe(true);
    expect(isPassphraseMessage({ action: 'submit', value: 42 })).toBe(false);
    expect(isPassphraseMessage({ action: 'submit', value: 'x'.repeat(5000) })).toBe(false);
    expect(isPassphraseMessage({ action: 'eval', value: 'x' })).toBe(false);
    expect(isPassphraseMessage(null)).toBe(false);
    expect(isPassphraseMessage('submit')).toBe(false);
  });
});

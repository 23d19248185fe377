/**
 * The passphrase prompt's IPC names and message shape, with no imports: the sandboxed
 * preload bundles this file, and a sandboxed preload can require nothing but `electron`.
 */
export const PASSPHRASE_CHANNEL = 'passphrase';
export const PASSPHRASE_GLOBAL = 'brokerdeskPassphrase';

/** What the prompt's preload sends on PASSPHRASE_CHANNEL. */
export type PassphraseMessage = { action: 'submit'; value: string } | { action: 'cancel' };

export function isPassphraseMessage(v: unknown): v is PassphraseMessage {
  if (typeof v !== 'object' || v === null || !('action' in v)) return false;
  if (v.action === 'cancel') return true;
  // A cap far above any real passphrase: the string goes to scrypt, not to a parser.
  return v.action === 'submit' && 'value' in v && typeof v.value === 'string' && v.value.length <= 1024;
}

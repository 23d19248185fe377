import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT,
  KeyWrapError,
  parseKeyFile,
  serializeKeyFile,
  unwrapKeyWithPassphrase,
  wrapKeyWithPassphrase,
  type PassphraseKeyFile,
} from '../../src-main/platform/key-wrap';

// The smallest cost the format accepts: the tests check the format, not scrypt's strength.
const FAST = { N: 2 ** 14, r: 8, p: 1 };
const PASS = '正确的马 battery staple';

async function rejection(p: Promise<unknown>): Promise<KeyWrapError> {
  const e: unknown = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof KeyWrapError)) throw new Error(`expected a KeyWrapError, got ${String(e)}`);
  return e;
}

/** Flip one bit of a base64 field. */
function flip(b64: string, byte = 0): string {
  const b = Buffer.from(b64, 'base64');
  b[byte] = b[byte]! ^ 0x01;
  return b.toString('base64');
}

describe('passphrase key wrapping', () => {
  it('round-trips the 32-byte key through the file format', async () => {
    const key = randomBytes(32);
    const file = await wrapKeyWithPassphrase(key, PASS, FAST);
    const reread = parseKeyFile(serializeKeyFile(file));
    expect(reread).toEqual(file);
    expect((await unwrapKeyWithPassphrase(reread as PassphraseKeyFile, PASS)).equals(key)).toBe(true);
  });

  it('never writes the key or the passphrase into the file', async () => {
    const key = randomBytes(32);
    const text = serializeKeyFile(await wrapKeyWithPassphrase(key, PASS, FAST));
    expect(text).not.toContain(key.toString('hex'));
    expect(text).not.toContain(key.toString('base64'));
    expect(text).not.toContain('battery');
  });

  it('uses a fresh salt and IV each time', async () => {
    const key = randomBytes(32);
    const a = await wrapKeyWithPassphrase(key, PASS, FAST);
    const b = await wrapKeyWithPassphrase(key, PASS, FAST);
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('defaults to scrypt N=2^17, r=8', () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 131072, r: 8, p: 1 });
  });

  it('fails a wrong passphrase with a clear error', async () => {
    const file = await wrapKeyWithPassphrase(randomBytes(32), PASS, FAST);
    const e = await rejection(unwrapKeyWithPassphrase(file, 'wrong passphrase!'));
    expect(e.reason).toBe('wrongPassphrase');
    expect(e.message).toBe('wrong passphrase for the database key');
  });

  it('normalizes the passphrase, so the same characters typed differently still open it', async () => {
    const key = randomBytes(32);
    const file = await wrapKeyWithPassphrase(key, 'caf\u00e9 au lait 2026', FAST);
    expect((await unwrapKeyWithPassphrase(file, 'cafe\u0301 au lait 2026')).equals(key)).toBe(true);
  });

  it('refuses a passphrase shorter than 10 characters', async () => {
    const e = await rejection(wrapKeyWithPassphrase(randomBytes(32), 'short', FAST));
    expect(e.reason).toBe('weakPassphrase');
  });

  describe('a tampered file fails, and never yields a key', () => {
    const cases: [string, (f: PassphraseKeyFile) => PassphraseKeyFile, KeyWrapError['reason']][] = [
      ['ciphertext', (f) => ({ ...f, ciphertext: flip(f.ciphertext, 5) }), 'tampered'],
      ['tag', (f) => ({ ...f, tag: flip(f.tag) }), 'tampered'],
      ['iv', (f) => ({ ...f, iv: flip(f.iv) }), 'tampered'],
      // Header fields feed the key derivation: the passphrase no longer checks out.
      ['salt', (f) => ({ ...f, kdf: { ...f.kdf, salt: flip(f.kdf.salt) } }), 'wrongPassphrase'],
      ['scrypt r', (f) => ({ ...f, kdf: { ...f.kdf, r: 9 } }), 'wrongPassphrase'],
      ['check value', (f) => ({ ...f, check: flip(f.check) }), 'wrongPassphrase'],
      ['truncated tag', (f) => ({ ...f, tag: Buffer.from(f.tag, 'base64').subarray(0, 8).toString('base64') }), 'malformed'],
      ['scrypt N raised to exhaust memory', (f) => ({ ...f, kdf: { ...f.kdf, N: 2 ** 30 } }), 'unsupported'],
      ['scrypt N not a power of two', (f) => ({ ...f, kdf: { ...f.kdf, N: 20000 } }), 'unsupported'],
      ['scrypt p raised', (f) => ({ ...f, kdf: { ...f.kdf, p: 64 } }), 'unsupported'],
    ];
    it.each(cases)('%s', async (_what, tamper, reason) => {
      const file = await wrapKeyWithPassphrase(randomBytes(32), PASS, FAST);
      const e = await rejection(unwrapKeyWithPassphrase(tamper(file), PASS));
      expect(e.reason).toBe(reason);
    });

    it('says plainly that the file was altered when the passphrase is right', async () => {
      const file = await wrapKeyWithPassphrase(randomBytes(32), PASS, FAST);
      const e = await rejection(unwrapKeyWithPassphrase({ ...file, ciphertext: flip(file.ciphertext) }, PASS));
      expect(e.message).toMatch(/altered or damaged/);
    });
  });

  describe('parsing', () => {
    it('refuses non-JSON, foreign JSON and unknown versions with a reason', () => {
      expect(() => parseKeyFile('not json')).toThrow(expect.objectContaining({ reason: 'malformed' }));
      expect(() => parseKeyFile('{"hello":1}')).toThrow(expect.objectContaining({ reason: 'malformed' }));
      expect(() => parseKeyFile(JSON.stringify({ format: 'brokerdesk-db-key', version: 2, kind: 'passphrase' }))).toThrow(
        expect.objectContaining({ reason: 'unsupported' }),
      );
    });

    it('refuses a file with a field missing or of the wrong type', async () => {
      const file = await wrapKeyWithPassphrase(randomBytes(32), PASS, FAST);
      const { check: _dropped, ...noCheck } = file;
      expect(() => parseKeyFile(JSON.stringify(noCheck))).toThrow(expect.objectContaining({ reason: 'malformed' }));
      expect(() => parseKeyFile(JSON.stringify({ ...file, kdf: { ...file.kdf, N: '16384' } }))).toThrow(expect.objectContaining({ reason: 'malformed' }));
    });
  });
});

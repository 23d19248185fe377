import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SealError,
  generateKeyPairs,
  generatePassphrase,
  normalizePassphrase,
  openSealed,
  openWithPassphrase,
  sealToPublicKey,
  sealWithPassphrase,
  sign,
  verify,
} from '../../src-main/sync/crypto';

const alice = generateKeyPairs();
const bob = generateKeyPairs();

function sealCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof SealError) return e.code;
    throw e;
  }
  return 'opened';
}

function flip(b: Buffer, at: number, mask = 0x01): Buffer {
  const c = Buffer.from(b);
  c[at] = c[at]! ^ mask;
  return c;
}

describe('key pairs', () => {
  it('are Ed25519 and X25519 as base64 DER, with a key id derived from both public keys', () => {
    const k = generateKeyPairs();
    expect(Buffer.from(k.signPublic, 'base64')).toHaveLength(44); // SPKI of a 32-byte key
    expect(Buffer.from(k.boxPublic, 'base64')).toHaveLength(44);
    expect(Buffer.from(k.signPrivate, 'base64')).toHaveLength(48); // PKCS#8
    expect(Buffer.from(k.boxPrivate, 'base64')).toHaveLength(48);
    const expected = 'k' + createHash('sha256').update(Buffer.from(k.signPublic, 'base64')).update(Buffer.from(k.boxPublic, 'base64')).digest('hex').slice(0, 16);
    expect(k.keyId).toBe(expected);
    expect(k.keyId).toMatch(/^k[0-9a-f]{16}$/);
    expect(k.keyId).not.toBe(alice.keyId);
    expect(k.signPublic).not.toBe(alice.signPublic);
  });
});

describe('signatures', () => {
  const data = Buffer.from('manifest bytes 清单');

  it('verify accepts the signer’s 64-byte signature and nothing else', () => {
    const sig = sign(data, alice.signPrivate);
    expect(sig).toHaveLength(64);
    expect(verify(data, sig, alice.signPublic)).toBe(true);
    expect(verify(flip(data, 3), sig, alice.signPublic)).toBe(false);
    expect(verify(data, flip(sig, 10), alice.signPublic)).toBe(false);
    expect(verify(data, sig, bob.signPublic)).toBe(false);
  });

  it('verify never throws on bad input: it says false', () => {
    const sig = sign(data, alice.signPrivate);
    expect(verify(data, sig.subarray(0, 63), alice.signPublic)).toBe(false);
    expect(verify(data, Buffer.concat([sig, Buffer.alloc(1)]), alice.signPublic)).toBe(false);
    expect(verify(data, sig, 'not a key')).toBe(false);
    expect(verify(data, sig, '')).toBe(false);
    expect(verify(data, sig, alice.boxPublic)).toBe(false); // an X25519 key is not a signing key
    expect(verify(data, sig, alice.signPrivate)).toBe(false);
  });

  it('sign refuses a key that is not an Ed25519 private key', () => {
    expect(() => sign(data, alice.boxPrivate)).toThrow();
    expect(() => sign(data, alice.signPublic)).toThrow();
  });
});

describe('passphrase sealing', () => {
  const secret = Buffer.from(JSON.stringify({ node: 'branch-7', signPrivate: alice.signPrivate }));
  const pass = 'K7QM-3XTR-9HCW-A2ZD-PN4F-UY6E';
  const sealed = sealWithPassphrase(secret, pass);

  it('round trips, in a self-describing envelope that does not contain the plaintext', () => {
    expect(sealed.subarray(0, 8).toString('latin1')).toBe('BDSEAL1\n');
    expect(sealed).toHaveLength(8 + 16 + 12 + 16 + secret.length);
    expect(sealed.includes(secret.subarray(0, 16))).toBe(false);
    expect(openWithPassphrase(sealed, pass)).toEqual(secret);
    expect(openWithPassphrase(sealWithPassphrase(Buffer.alloc(0), pass), pass)).toEqual(Buffer.alloc(0));
  });

  it('uses a fresh salt and iv each time', () => {
    const again = sealWithPassphrase(secret, pass);
    expect(again.subarray(8, 24).equals(sealed.subarray(8, 24))).toBe(false);
    expect(again.subarray(24, 36).equals(sealed.subarray(24, 36))).toBe(false);
  });

  it('a wrong passphrase is badPassphrase', () => {
    expect(sealCode(() => openWithPassphrase(sealed, 'K7QM-3XTR-9HCW-A2ZD-PN4F-UY6F'))).toBe('badPassphrase');
    expect(sealCode(() => openWithPassphrase(sealed, ''))).toBe('badPassphrase');
  });

  it('any altered byte after the magic (salt, iv, tag, ciphertext) is badPassphrase; an altered magic is notSealed', () => {
    const regions = { magic: [0, 7], salt: [8, 23], iv: [24, 35], tag: [36, 51], ciphertext: [52, sealed.length - 1] } as const;
    for (const [name, [from, to]] of Object.entries(regions)) {
      for (const at of [from, Math.floor((from + to) / 2), to]) {
        const code = sealCode(() => openWithPassphrase(flip(sealed, at), pass));
        expect({ name, at, code }).toEqual({ name, at, code: name === 'magic' ? 'notSealed' : 'badPassphrase' });
      }
    }
  });

  it('anything that is not an envelope is notSealed', () => {
    expect(sealCode(() => openWithPassphrase(Buffer.alloc(0), pass))).toBe('notSealed');
    expect(sealCode(() => openWithPassphrase(sealed.subarray(0, 51), pass))).toBe('notSealed');
    expect(sealCode(() => openWithPassphrase(Buffer.from('{"branch":"b7"}'), pass))).toBe('notSealed');
    expect(sealCode(() => openWithPassphrase(Buffer.concat([Buffer.from('BDBUNDL\n'), sealed.subarray(8)]), pass))).toBe('notSealed');
  });

  it('a truncated envelope (still longer than the header) is badPassphrase', () => {
    expect(sealCode(() => openWithPassphrase(sealed.subarray(0, sealed.length - 1), pass))).toBe('badPassphrase');
    expect(sealCode(() => openWithPassphrase(sealed.subarray(0, 52), pass))).toBe('badPassphrase');
  });
});

describe('one-time passphrases', () => {
  const shape = /^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){5}$/;

  it('are six groups of four from 31 symbols without 0/O/1/I/L: over 100 bits', () => {
    expect(24 * Math.log2(31)).toBeGreaterThan(100);
    const seen = new Set<string>();
    const symbols = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const p = generatePassphrase();
      expect(p).toMatch(shape);
      seen.add(p);
      for (const ch of p.replaceAll('-', '')) symbols.add(ch);
    }
    expect(seen.size).toBe(500);
    // 12,000 draws: every one of the 31 symbols shows up, and nothing else.
    expect([...symbols].sort().join('')).toBe('23456789ABCDEFGHJKMNPQRSTUVWXYZ');
  });

  it('normalise what a person typed to the canonical form', () => {
    const p = 'K7QM-3XTR-9HCW-A2ZD-PN4F-UY6E';
    expect(normalizePassphrase(p)).toBe(p);
    expect(normalizePassphrase('k7qm 3xtr 9hcw a2zd pn4f uy6e')).toBe(p);
    expect(normalizePassphrase('  k7qm-3xtr – 9hcw_a2zd.pn4f  uy6e ')).toBe(p);
    expect(normalizePassphrase('K7QM3XTR9HCWA2ZDPN4FUY6E')).toBe(p);
    expect(normalizePassphrase('ｋ７ｑｍ－３ｘｔｒ　９ｈｃｗ－ａ２ｚｄ－ｐｎ４ｆ－ｕｙ６ｅ')).toBe(p); // full-width, from an input method
    for (let i = 0; i < 20; i++) {
      const g = generatePassphrase();
      expect(normalizePassphrase(g)).toBe(g);
    }
  });

  it('a passphrase read out by phone and typed in lower case with spaces opens the file', () => {
    const pass = generatePassphrase();
    const sealed = sealWithPassphrase(Buffer.from('enrollment'), pass);
    const typed = pass.toLowerCase().replaceAll('-', ' ');
    expect(sealCode(() => openWithPassphrase(sealed, typed))).toBe('badPassphrase');
    expect(openWithPassphrase(sealed, normalizePassphrase(typed)).toString()).toBe('enrollment');
  });
});

describe('sealing to a public key (escrow)', () => {
  const secret = Buffer.from(bob.boxPrivate);

  it('round trips as a JSON string of base64 fields', () => {
    const sealed = sealToPublicKey(secret, alice.boxPublic);
    const env = JSON.parse(sealed) as Record<string, unknown>;
    expect(Object.keys(env).sort()).toEqual(['ct', 'epk', 'iv', 'tag', 'v']);
    expect(env.v).toBe(1);
    expect(sealed.includes(bob.boxPrivate)).toBe(false);
    expect(openSealed(sealed, alice.boxPrivate)).toEqual(secret);
    expect(openSealed(sealToPublicKey(Buffer.alloc(0), alice.boxPublic), alice.boxPrivate)).toEqual(Buffer.alloc(0));
  });

  it('each seal uses a fresh ephemeral key', () => {
    const a = JSON.parse(sealToPublicKey(secret, alice.boxPublic)) as { epk: string };
    const b = JSON.parse(sealToPublicKey(secret, alice.boxPublic)) as { epk: string };
    expect(a.epk).not.toBe(b.epk);
  });

  it('another private key, or an altered envelope, is badKey', () => {
    const sealed = sealToPublicKey(secret, alice.boxPublic);
    expect(sealCode(() => openSealed(sealed, bob.boxPrivate))).toBe('badKey');
    expect(sealCode(() => openSealed(sealed, alice.signPrivate))).toBe('badKey');
    const env = JSON.parse(sealed) as Record<string, string>;
    for (const field of ['ct', 'tag', 'iv', 'epk']) {
      const raw = Buffer.from(env[field]!, 'base64');
      const altered = JSON.stringify({ ...env, [field]: flip(raw, raw.length - 1).toString('base64') });
      expect({ field, code: sealCode(() => openSealed(altered, alice.boxPrivate)) }).toEqual({ field, code: 'badKey' });
    }
    // The receiver's key is bound into the derivation: a seal to bob does not open with alice's key.
    expect(sealCode(() => openSealed(sealToPublicKey(secret, bob.boxPublic), alice.boxPrivate))).toBe('badKey');
  });

  it('something that is not an escrow envelope is notSealed', () => {
    expect(sealCode(() => openSealed('not json', alice.boxPrivate))).toBe('notSealed');
    expect(sealCode(() => openSealed('null', alice.boxPrivate))).toBe('notSealed');
    expect(sealCode(() => openSealed('{"v":2,"epk":"","iv":"","tag":"","ct":""}', alice.boxPrivate))).toBe('notSealed');
  });

  it('refuses to seal to something that is not an X25519 public key', () => {
    expect(() => sealToPublicKey(secret, alice.signPublic)).toThrow();
    expect(() => sealToPublicKey(secret, 'garbage')).toThrow();
  });
});

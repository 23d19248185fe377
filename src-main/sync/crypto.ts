import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  randomInt,
  scryptSync,
  sign as cryptoSign,
  verify as cryptoVerify,
  type KeyObject,
} from 'node:crypto';

/**
 * The sync module's key material and sealing (architecture.md "Sync with the head office":
 * "Format" and "Enrollment"). Node's `crypto` does all of it. Keys travel as base64 of DER
 * (SPKI for public keys, PKCS#8 for private keys). Nothing here logs, and no error message
 * carries key material, passphrases or plaintext.
 */

export type KeyPairs = { keyId: string; signPublic: string; signPrivate: string; boxPublic: string; boxPrivate: string };

type KeyType = 'ed25519' | 'x25519';

export class SealError extends Error {
  constructor(readonly code: 'badPassphrase' | 'notSealed' | 'badKey') {
    super(SEAL_MESSAGES[code]);
    this.name = 'SealError';
  }
}

const SEAL_MESSAGES: Record<SealError['code'], string> = {
  badPassphrase: 'wrong passphrase, or the sealed file was altered',
  notSealed: 'not a sealed file',
  badKey: 'cannot open: not sealed to this key, or altered',
};

// ---------------------------------------------------------------------------------------
// Key pairs, signatures

/** An Ed25519 signing pair and an X25519 box pair; keyId is derived from the two public keys. */
export function generateKeyPairs(): KeyPairs {
  const s = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  const b = generateKeyPairSync('x25519', {
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  // Derived, not random: the same public keys always have the same id, on every node.
  const keyId = 'k' + createHash('sha256').update(s.publicKey).update(b.publicKey).digest('hex').slice(0, 16);
  return {
    keyId,
    signPublic: s.publicKey.toString('base64'),
    signPrivate: s.privateKey.toString('base64'),
    boxPublic: b.publicKey.toString('base64'),
    boxPrivate: b.privateKey.toString('base64'),
  };
}

/** Ed25519 signature (64 bytes). Throws when signPrivate is not an Ed25519 private key. */
export function sign(data: Buffer, signPrivate: string): Buffer {
  return cryptoSign(null, data, privateKeyOf(signPrivate, 'ed25519'));
}

/** Whether `signature` is signPublic's Ed25519 signature of data. Bad input of any kind: false. */
export function verify(data: Buffer, signature: Buffer, signPublic: string): boolean {
  if (signature.length !== 64) return false;
  try {
    return cryptoVerify(null, data, publicKeyOf(signPublic, 'ed25519'), signature);
  } catch {
    return false;
  }
}

function publicKeyOf(b64: string, type: KeyType): KeyObject {
  const key = createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== type) throw new Error(`expected an ${type} public key`);
  return key;
}

function privateKeyOf(b64: string, type: KeyType): KeyObject {
  const key = createPrivateKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== type) throw new Error(`expected an ${type} private key`);
  return key;
}

// ---------------------------------------------------------------------------------------
// X25519 + HKDF: one key per message, from a fresh ephemeral pair and the receiver's box key.
// Shared by escrow sealing (below) and the bundle payload (format.ts).

/**
 * Sender side: a fresh ephemeral X25519 pair, X25519 with the receiver's box public key,
 * HKDF-SHA256(salt, info) -> 32-byte key. The ephemeral public key (base64 DER) goes along
 * with the message so the receiver can derive the same key.
 */
export function ephemeralBoxKey(receiverBoxPublic: string, salt: Buffer, info: string): { ephemeralPublic: string; key: Buffer } {
  const receiver = publicKeyOf(receiverBoxPublic, 'x25519');
  const eph = generateKeyPairSync('x25519');
  const ephemeralPublic = eph.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return { ephemeralPublic, key: x25519Hkdf(eph.privateKey, receiver, salt, info) };
}

/** Receiver side of ephemeralBoxKey. Throws on malformed keys (callers map it to their own refusal). */
export function receivedBoxKey(boxPrivate: string, ephemeralPublic: string, salt: Buffer, info: string): Buffer {
  return x25519Hkdf(privateKeyOf(boxPrivate, 'x25519'), publicKeyOf(ephemeralPublic, 'x25519'), salt, info);
}

function x25519Hkdf(priv: KeyObject, pub: KeyObject, salt: Buffer, info: string): Buffer {
  // OpenSSL refuses an all-zero shared secret (a low-order public key): that throws here.
  return Buffer.from(hkdfSync('sha256', diffieHellman({ privateKey: priv, publicKey: pub }), salt, info, 32));
}

// ---------------------------------------------------------------------------------------
// Passphrase sealing (enrollment and recovery files)

const SEAL_MAGIC = Buffer.from('BDSEAL1\n', 'latin1');
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEAL_HEADER = SEAL_MAGIC.length + SALT_BYTES + IV_BYTES; // what the tag also covers (AAD)
// limits.md: scrypt N=2^15, r=8, p=1 is 59 ms; it needs 32 MiB, over Node's 32 MiB default maxmem.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/**
 * scrypt(passphrase, random salt) -> AES-256-GCM. The envelope is
 * `'BDSEAL1\n' | salt (16) | iv (12) | tag (16) | ciphertext`; magic, salt and iv are also
 * authenticated (GCM AAD), so any change to the envelope is refused.
 */
export function sealWithPassphrase(plain: Buffer, passphrase: string): Buffer {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const header = Buffer.concat([SEAL_MAGIC, salt, iv]);
  const cipher = createCipheriv('aes-256-gcm', passphraseKey(passphrase, salt), iv);
  cipher.setAAD(header);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([header, cipher.getAuthTag(), ct]);
}

/** Throws SealError('notSealed') for anything not an envelope, SealError('badPassphrase') otherwise. */
export function openWithPassphrase(sealed: Buffer, passphrase: string): Buffer {
  if (sealed.length < SEAL_HEADER + TAG_BYTES || !sealed.subarray(0, SEAL_MAGIC.length).equals(SEAL_MAGIC)) {
    throw new SealError('notSealed');
  }
  const salt = sealed.subarray(SEAL_MAGIC.length, SEAL_MAGIC.length + SALT_BYTES);
  const iv = sealed.subarray(SEAL_MAGIC.length + SALT_BYTES, SEAL_HEADER);
  const tag = sealed.subarray(SEAL_HEADER, SEAL_HEADER + TAG_BYTES);
  const ct = sealed.subarray(SEAL_HEADER + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', passphraseKey(passphrase, salt), iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(sealed.subarray(0, SEAL_HEADER));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  } catch {
    throw new SealError('badPassphrase');
  }
}

function passphraseKey(passphrase: string, salt: Buffer): Buffer {
  return scryptSync(Buffer.from(passphrase, 'utf8'), salt, 32, SCRYPT);
}

// ---------------------------------------------------------------------------------------
// Sealing to a public key (key escrow)

const ESCROW_INFO = 'brokerdesk escrow v1';

type EscrowEnvelope = { v: 1; epk: string; iv: string; tag: string; ct: string };

/**
 * Seal to an X25519 public key: ephemeral X25519 -> HKDF-SHA256 (salt: the ephemeral and the
 * receiver's public key, DER; info 'brokerdesk escrow v1') -> AES-256-GCM. Returns JSON
 * `{"v":1,"epk","iv","tag","ct"}` with base64 fields.
 */
export function sealToPublicKey(plain: Buffer, boxPublic: string): string {
  const receiver = publicKeyOf(boxPublic, 'x25519');
  const eph = generateKeyPairSync('x25519');
  const epkDer = eph.publicKey.export({ type: 'spki', format: 'der' });
  const key = x25519Hkdf(eph.privateKey, receiver, escrowSalt(epkDer, receiver), ESCROW_INFO);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(epkDer);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  const env: EscrowEnvelope = { v: 1, epk: epkDer.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
  return JSON.stringify(env);
}

/** Throws SealError('notSealed') when `sealed` is not an escrow envelope, SealError('badKey') when it does not open. */
export function openSealed(sealed: string, boxPrivate: string): Buffer {
  const env = parseEscrow(sealed);
  try {
    const priv = privateKeyOf(boxPrivate, 'x25519');
    const epkDer = Buffer.from(env.epk, 'base64');
    const key = x25519Hkdf(priv, publicKeyOf(env.epk, 'x25519'), escrowSalt(epkDer, createPublicKey(priv)), ESCROW_INFO);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(env.iv, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAAD(epkDer);
    decipher.setAuthTag(Buffer.from(env.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(env.ct, 'base64')), decipher.final()]);
  } catch {
    throw new SealError('badKey');
  }
}

// Both public keys in the salt bind the key to this pair (as HPKE's key schedule does).
function escrowSalt(epkDer: Buffer, receiver: KeyObject): Buffer {
  return Buffer.concat([epkDer, receiver.export({ type: 'spki', format: 'der' })]);
}

function parseEscrow(sealed: string): EscrowEnvelope {
  let v: unknown;
  try {
    v = JSON.parse(sealed);
  } catch {
    throw new SealError('notSealed');
  }
  if (typeof v !== 'object' || v === null) throw new SealError('notSealed');
  const o = v as Record<string, unknown>;
  const { epk, iv, tag, ct } = o;
  if (o.v !== 1 || typeof epk !== 'string' || typeof iv !== 'string' || typeof tag !== 'string' || typeof ct !== 'string') {
    throw new SealError('notSealed');
  }
  if (Buffer.from(iv, 'base64').length !== IV_BYTES || Buffer.from(tag, 'base64').length !== TAG_BYTES) throw new SealError('notSealed');
  return { v: 1, epk, iv, tag, ct };
}

// ---------------------------------------------------------------------------------------
// One-time passphrases read out by phone

// No 0/O, 1/I/L: 8 digits + 23 letters = 31 symbols; 24 of them are 24 * log2(31) = 118.9 bits.
const PASSPHRASE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const GROUPS = 6;
const GROUP_LEN = 4;

/** Six groups of four, e.g. 'K7QM-3XTR-9HCW-A2ZD-PN4F-UY6E' (118.9 bits). */
export function generatePassphrase(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let s = '';
    for (let i = 0; i < GROUP_LEN; i++) s += PASSPHRASE_ALPHABET[randomInt(PASSPHRASE_ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

// Whitespace and anything a person (or a Chinese input method) types between groups.
const SEPARATORS = /[\s\-_.,;:/\\|·•‐‑‒–—―，。、．：；／＿－]+/gu;

/**
 * The canonical form of a typed one-time passphrase: NFKC (full-width characters from an input
 * method become ASCII), upper case, separators and spaces dropped, then regrouped by four with
 * '-'. So 'k7qm 3xtr 9hcw…', 'K7QM3XTR9HCW…' and 'K7QM – 3XTR – …' all become 'K7QM-3XTR-9HCW-…'.
 * generatePassphrase's output is already canonical. Seal and open with the canonical form.
 */
export function normalizePassphrase(s: string): string {
  const bare = s.normalize('NFKC').toUpperCase().replace(SEPARATORS, '');
  const groups: string[] = [];
  for (let i = 0; i < bare.length; i += GROUP_LEN) groups.push(bare.slice(i, i + GROUP_LEN));
  return groups.join('-');
}

/**
 * The database key's file format and its passphrase wrapping, in plain Node (no electron):
 * scrypt with stored parameters derives a wrapping key, AES-256-GCM seals the 32-byte
 * database key. Used on Linux when safeStorage has no keyring and would otherwise "encrypt"
 * with a fixed, public password (architecture.md, "Encrypted at rest").
 *
 * The file is one small JSON object; every binary field is base64.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const KEY_FILE_FORMAT = 'brokerdesk-db-key';
export const KEY_BYTES = 32;

export type ScryptParams = { N: number; r: number; p: number };

/** 2^17 × 8 × 128 B = 128 MiB and about half a second here: a guess costs the attacker that much too. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

/**
 * What a key file may ask for. A tampered file could otherwise name N = 2^40 and make the app
 * allocate without bound before the passphrase is even checked.
 */
const LIMITS = { minLogN: 14, maxLogN: 20, minR: 8, maxR: 16, minP: 1, maxP: 4 } as const;

export const MIN_PASSPHRASE_LENGTH = 10;

export type KeyWrapErrorReason = 'wrongPassphrase' | 'tampered' | 'malformed' | 'unsupported' | 'weakPassphrase';

export class KeyWrapError extends Error {
  constructor(
    readonly reason: KeyWrapErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'KeyWrapError';
  }
}

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

const passphraseFileSchema = z.object({
  format: z.literal(KEY_FILE_FORMAT),
  version: z.literal(1),
  kind: z.literal('passphrase'),
  kdf: z.object({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: b64 }),
  cipher: z.literal('aes-256-gcm'),
  iv: b64,
  tag: b64,
  ciphertext: b64,
  /** HMAC under a second scrypt output: tells a wrong passphrase from a damaged ciphertext. */
  check: b64,
  createdAt: z.string(),
});

const safeStorageFileSchema = z.object({
  format: z.literal(KEY_FILE_FORMAT),
  version: z.literal(1),
  kind: z.literal('safeStorage'),
  /** The keyring that wrapped it (`gnome_libsecret`, `kwallet5`, or the OS name on macOS/Windows), for diagnosis. */
  backend: z.string(),
  wrapped: b64,
  createdAt: z.string(),
});

export type PassphraseKeyFile = z.infer<typeof passphraseFileSchema>;
export type SafeStorageKeyFile = z.infer<typeof safeStorageFileSchema>;
export type KeyFile = PassphraseKeyFile | SafeStorageKeyFile;

const keyFileSchema = z.discriminatedUnion('kind', [passphraseFileSchema, safeStorageFileSchema]);

export function parseKeyFile(text: string): KeyFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeyWrapError('malformed', 'the database key file is not valid JSON (damaged?)');
  }
  if (typeof json === 'object' && json !== null && 'format' in json && json.format === KEY_FILE_FORMAT && 'version' in json && json.version !== 1) {
    throw new KeyWrapError('unsupported', `the database key file has version ${String(json.version)}, which this version of BrokerDesk does not know`);
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) throw new KeyWrapError('malformed', 'the database key file is not a BrokerDesk key file, or it is damaged');
  return parsed.data;
}

export function serializeKeyFile(file: KeyFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

function checkParams(p: ScryptParams): void {
  const logN = Math.log2(p.N);
  const ok =
    Number.isInteger(logN) &&
    logN >= LIMITS.minLogN &&
    logN <= LIMITS.maxLogN &&
    p.r >= LIMITS.minR &&
    p.r <= LIMITS.maxR &&
    p.p >= LIMITS.minP &&
    p.p <= LIMITS.maxP;
  if (!ok) throw new KeyWrapError('unsupported', `scrypt parameters out of range (N=${p.N}, r=${p.r}, p=${p.p})`);
}

/** 64 bytes: the first half is the AES key, the second keys the passphrase check. */
function deriveKeys(passphrase: string, salt: Buffer, p: ScryptParams): Promise<{ enc: Buffer; mac: Buffer }> {
  // scrypt needs 128·N·r bytes; leave headroom so Node does not refuse the largest allowed N.
  const maxmem = 256 * p.N * p.r + 16 * 1024 * 1024;
  return new Promise((resolveKeys, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 64, { N: p.N, r: p.r, p: p.p, maxmem }, (err, out) => {
      if (err) reject(err);
      else resolveKeys({ enc: out.subarray(0, 32), mac: out.subarray(32) });
    });
  });
}

function checkValue(mac: Buffer): Buffer {
  return createHmac('sha256', mac).update('brokerdesk passphrase check v1').digest();
}

/**
 * Everything but the ciphertext and tag, as authenticated data: a file whose fields were
 * swapped between installations, or edited, does not open.
 */
function aad(file: Pick<PassphraseKeyFile, 'format' | 'version' | 'kdf' | 'cipher' | 'iv'>): Buffer {
  const { N, r, p, salt } = file.kdf;
  return Buffer.from(`${file.format}|v${file.version}|scrypt|${N}|${r}|${p}|${salt}|${file.cipher}|${file.iv}`, 'utf8');
}

export async function wrapKeyWithPassphrase(key: Buffer, passphrase: string, params: ScryptParams = DEFAULT_SCRYPT, now = new Date()): Promise<PassphraseKeyFile> {
  if (key.length !== KEY_BYTES) throw new RangeError(`the database key must be ${KEY_BYTES} bytes`);
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new KeyWrapError('weakPassphrase', `the passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`);
  checkParams(params);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const { enc, mac } = await deriveKeys(passphrase, salt, params);
  const header = {
    format: KEY_FILE_FORMAT,
    version: 1,
    kdf: { name: 'scrypt', N: params.N, r: params.r, p: params.p, salt: salt.toString('base64') },
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
  } as const;
  const cipher = createCipheriv('aes-256-gcm', enc, iv);
  cipher.setAAD(aad(header));
  const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
  return {
    ...header,
    kdf: { ...header.kdf },
    kind: 'passphrase',
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    check: checkValue(mac).toString('base64'),
    createdAt: now.toISOString(),
  };
}

/**
 * The 32-byte key, or a KeyWrapError: `wrongPassphrase` when the passphrase check fails,
 * `tampered` when the passphrase is right but the sealed key or its header was altered.
 */
export async function unwrapKeyWithPassphrase(file: PassphraseKeyFile, passphrase: string): Promise<Buffer> {
  const params = { N: file.kdf.N, r: file.kdf.r, p: file.kdf.p };
  checkParams(params);
  const salt = Buffer.from(file.kdf.salt, 'base64');
  const iv = Buffer.from(file.iv, 'base64');
  const tag = Buffer.from(file.tag, 'base64');
  const expected = Buffer.from(file.check, 'base64');
  if (salt.length < 16 || iv.length !== 12 || tag.length !== 16 || expected.length !== 32) {
    throw new KeyWrapError('malformed', 'the database key file is damaged (field lengths)');
  }
  const { enc, mac } = await deriveKeys(passphrase, salt, params);
  if (!timingSafeEqual(checkValue(mac), expected)) {
    throw new KeyWrapError('wrongPassphrase', 'wrong passphrase for the database key');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', enc, iv);
    decipher.setAAD(aad(file));
    decipher.setAuthTag(tag);
    const key = Buffer.concat([decipher.update(Buffer.from(file.ciphertext, 'base64')), decipher.final()]);
    if (key.length !== KEY_BYTES) throw new Error('length');
    return key;
  } catch {
    throw new KeyWrapError('tampered', 'the database key file was altered or damaged: the passphrase is right, but the sealed key does not verify');
  }
}

/** The safeStorage variant: the OS keychain does the sealing; we only record the envelope. */
export function safeStorageKeyFile(wrapped: Buffer, backend: string, now = new Date()): SafeStorageKeyFile {
  return { format: KEY_FILE_FORMAT, version: 1, kind: 'safeStorage', backend, wrapped: wrapped.toString('base64'), createdAt: now.toISOString() };
}

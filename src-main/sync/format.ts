import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { constants as bufferConstants } from 'node:buffer';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ephemeralBoxKey, receivedBoxKey, sign, verify } from './crypto';

/**
 * The bundle file (architecture.md "Sync with the head office", "Format"). All integers big-endian:
 *
 *   magic 'BDBUNDL\n' (8) | format version u16 | keyId length u8 | keyId (ASCII)
 *   | manifest length u32 | manifest (canonical JSON, UTF-8)
 *   | signature (64, Ed25519 over everything before it)
 *   | payload (AES-256-GCM of gzip(NDJSON)) | GCM tag (16)
 *
 * Payload key: X25519(ephemeral private, receiver's box public) -> HKDF-SHA256(salt: the
 * bundleId's UTF-8 bytes, info 'brokerdesk bundle v1'). The manifest carries the ephemeral
 * public key, the iv and `payloadSha256` (over ciphertext + tag), so the signature covers the
 * payload too. The GCM AAD is the SHA-256 of the canonical manifest *without*
 * `payloadSha256`: that hash is over the ciphertext, which depends on the AAD, so it cannot be
 * part of it; the signature binds it instead.
 *
 * Reading refuses at the first failure, in this order, and parses nothing before the signature
 * checks out: structure (magic, version, lengths), signer key, signature, manifest, recipient,
 * payload hash, decryption, decompression (bounded), lines.
 */

export const FORMAT_VERSION = 1;

export type Manifest = {
  format: 1;
  bundleId: string;
  /** Always 'bundle'. A snapshot travels as row items inside one (routing); no other kind is written or read. */
  kind: 'bundle';
  from: { nodeId: string; keyId: string };
  /** The receiver and the receiver's box key the payload is encrypted to. */
  to: { nodeId: string; keyId: string };
  schemaVersion: number;
  /** link_seq range carried; from > to: none (an acknowledgement-only bundle). */
  link: { from: number; to: number };
  /** Highest link_seq the sender applied from the receiver. */
  ack: number;
  createdAt: string;
  /** rawBytes: NDJSON bytes before gzip. */
  counts: { items: number; rawBytes: number };
  /** Key rotation announcements. */
  newKeys?: { keyId: string; signPublic: string; boxPublic: string }[];
  /**
   * The sender's key endorsements, oldest first: each key made by a rotation, signed by the key
   * that signed before it (`node.ts` `endorsementBytes`). A receiver that missed the bundle
   * announcing a rotation (restored from a backup) checks the signer through them.
   */
  keyChain?: KeyEndorsement[];
  payloadSha256: string;
  ephemeralPublic: string;
  iv: string;
};

export type KeyEndorsement = { keyId: string; signPublic: string; boxPublic: string; by: string; sig: string };

export type ManifestInput = Omit<Manifest, 'format' | 'payloadSha256' | 'ephemeralPublic' | 'iv' | 'counts'>;

export type OpenOptions = {
  selfNodeId: string;
  lookupSigner(keyId: string): { signPublic: string; retired: boolean } | null;
  /**
   * Read the manifest of a bundle signed by a retired key (its signature still checked): the
   * caller answers an old bundle that brings nothing new as a duplicate, and refuses the rest.
   */
  retiredSigner?: 'read';
  /**
   * A signer `lookupSigner` does not know, vouched for by the manifest's key chain (read before
   * the signature, which is then checked with the key it returns): null when the chain does not
   * lead to it from a key we hold.
   */
  endorsedSigner?(keyId: string, chain: KeyEndorsement[]): { signPublic: string } | null;
  boxPrivate(keyId: string): string | null;
  /** Largest NDJSON payload accepted, in bytes; default 2 GiB. */
  maxRawBytes?: number;
};

export type BundleErrorCode =
  | 'notBundle'
  | 'truncated'
  | 'newerFormat'
  | 'unknownKey'
  | 'retiredKey'
  | 'badSignature'
  | 'badManifest'
  | 'notForUs'
  | 'badPayload'
  | 'tooLarge';

export class BundleError extends Error {
  constructor(
    readonly code: BundleErrorCode,
    readonly detail?: Record<string, string | number>,
  ) {
    super(`bundle refused: ${code}${detail ? ' ' + JSON.stringify(detail) : ''}`);
    this.name = 'BundleError';
  }
}

/** Atomic write (temp file in the same directory, fsync, rename, fsync the directory). */
export { writeFileAtomic } from '../lib/atomic-write';

const MAGIC = Buffer.from('BDBUNDL\n', 'latin1');
const SIG_BYTES = 64;
const TAG_BYTES = 16;
const IV_BYTES = 12;
const PAYLOAD_INFO = 'brokerdesk bundle v1';
const GZIP_LEVEL = 6;
const DEFAULT_MAX_RAW_BYTES = 2 * 1024 ** 3;
// Decode the NDJSON in windows of about this size: no string near V8's ~512 MiB limit.
const DECODE_WINDOW = 16 * 1024 * 1024;
const ENCODE_BATCH = 8192;
// zlib's default 16 KiB output chunks cost ~1/3 more time on a 150 MiB gunzip than 256 KiB.
const ZLIB_CHUNK = 256 * 1024;

// ---------------------------------------------------------------------------------------
// Canonical JSON

/**
 * JSON with object keys sorted (by UTF-16 code units, recursively) and no whitespace, so the
 * same value always has the same bytes. Properties whose value is undefined are left out, as
 * JSON.stringify does; values JSON cannot carry (undefined elsewhere, non-finite numbers,
 * bigint, functions, symbols) throw.
 */
export function canonicalJson(v: unknown): string {
  const out: string[] = [];
  writeCanonical(v, out);
  return out.join('');
}

function writeCanonical(v: unknown, out: string[]): void {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') {
    out.push(JSON.stringify(v));
  } else if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError('canonicalJson: non-finite number');
    out.push(JSON.stringify(v));
  } else if (Array.isArray(v)) {
    out.push('[');
    v.forEach((x: unknown, i) => {
      if (i > 0) out.push(',');
      writeCanonical(x, out);
    });
    out.push(']');
  } else if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    out.push('{');
    keys.forEach((k, i) => {
      if (i > 0) out.push(',');
      out.push(JSON.stringify(k), ':');
      writeCanonical(o[k], out);
    });
    out.push('}');
  } else {
    throw new TypeError(`canonicalJson: cannot encode a ${typeof v}`);
  }
}

// ---------------------------------------------------------------------------------------
// Write

/**
 * Serialize items (plain JSON-safe values) as NDJSON, gzip (level 6), encrypt to the
 * receiver's box key, sign with the sender's key. Returns the whole file.
 */
export function writeBundle(input: ManifestInput, items: Iterable<unknown>, sender: { signPrivate: string }, receiverBoxPublic: string): Buffer {
  return sealBundle(input, jsonLines(items), sender, receiverBoxPublic).file;
}

/** Each item as its JSON text. */
function* jsonLines(items: Iterable<unknown>): Generator<string> {
  let n = 0;
  for (const item of items) {
    n += 1;
    const line = JSON.stringify(item) as string | undefined;
    if (line === undefined) throw new TypeError(`writeBundle: item ${n} is not JSON`);
    yield line;
  }
}

/**
 * writeBundle of items serialized already (one JSON text each, no line break: the sender's
 * outbox has SQLite write its ops' JSON), also returning the manifest it signed (counts,
 * payload hash) for the sender's records.
 */
export function sealBundle(input: ManifestInput, lines: Iterable<string>, sender: { signPrivate: string }, receiverBoxPublic: string): { file: Buffer; manifest: Manifest } {
  if (!KEY_ID.test(input.from.keyId)) throw new Error('writeBundle: from.keyId must be 1-255 printable ASCII characters');
  const keyId = Buffer.from(input.from.keyId, 'latin1');

  const { raw, count: itemCount } = ndjson(lines);

  const { ephemeralPublic, key } = ephemeralBoxKey(receiverBoxPublic, Buffer.from(input.bundleId, 'utf8'), PAYLOAD_INFO);
  const iv = randomBytes(IV_BYTES);
  // Field by field: whatever else a caller's object carries stays out of the signed manifest.
  const unhashed: Omit<Manifest, 'payloadSha256'> = {
    format: FORMAT_VERSION,
    bundleId: input.bundleId,
    kind: input.kind,
    from: { nodeId: input.from.nodeId, keyId: input.from.keyId },
    to: { nodeId: input.to.nodeId, keyId: input.to.keyId },
    schemaVersion: input.schemaVersion,
    link: { from: input.link.from, to: input.link.to },
    ack: input.ack,
    createdAt: input.createdAt,
    newKeys: input.newKeys?.map((k) => ({ keyId: k.keyId, signPublic: k.signPublic, boxPublic: k.boxPublic })),
    keyChain: input.keyChain?.length ? input.keyChain.map((k) => ({ keyId: k.keyId, signPublic: k.signPublic, boxPublic: k.boxPublic, by: k.by, sig: k.sig })) : undefined,
    counts: { items: itemCount, rawBytes: raw.length },
    ephemeralPublic,
    iv: iv.toString('base64'),
  };
  // Our output must pass our own reader's checks: a caller's mistake fails here, before the
  // gzip, and not at the receiver. (The hash is not known yet; any well-formed one will do.)
  checkManifest({ ...unhashed, payloadSha256: '0'.repeat(64) });

  const gz = gzipSync(raw, { level: GZIP_LEVEL, chunkSize: ZLIB_CHUNK });
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(sha256(Buffer.from(canonicalJson(unhashed), 'utf8')));
  const ct = Buffer.concat([cipher.update(gz), cipher.final()]);
  const tag = cipher.getAuthTag();
  const payloadSha256 = createHash('sha256').update(ct).update(tag).digest('hex');

  const manifest: Manifest = { ...unhashed, payloadSha256 };
  const manifestBytes = Buffer.from(canonicalJson(manifest), 'utf8');

  const head = Buffer.alloc(MAGIC.length + 2 + 1 + keyId.length + 4);
  MAGIC.copy(head, 0);
  head.writeUInt16BE(FORMAT_VERSION, MAGIC.length);
  head.writeUInt8(keyId.length, MAGIC.length + 2);
  keyId.copy(head, MAGIC.length + 3);
  head.writeUInt32BE(manifestBytes.length, MAGIC.length + 3 + keyId.length);
  const signed = Buffer.concat([head, manifestBytes]);
  return { file: Buffer.concat([signed, sign(signed, sender.signPrivate), ct, tag]), manifest };
}

/**
 * Lines as NDJSON bytes, joined a batch at a time into Buffer chunks: no string concatenation
 * per item, and no single string near V8's ~512 MiB limit however large the bundle.
 */
function ndjson(lines: Iterable<string>): { raw: Buffer; count: number } {
  const chunks: Buffer[] = [];
  let batch: string[] = [];
  let count = 0;
  for (const line of lines) {
    batch.push(line);
    count++;
    if (batch.length === ENCODE_BATCH) {
      batch.push(''); // the last line's '\n'
      chunks.push(Buffer.from(batch.join('\n'), 'utf8'));
      batch = [];
    }
  }
  if (batch.length > 0) {
    batch.push('');
    chunks.push(Buffer.from(batch.join('\n'), 'utf8'));
  }
  return { raw: Buffer.concat(chunks), count };
}

// ---------------------------------------------------------------------------------------
// Read

const KEY_ID = /^[\x21-\x7e]{1,255}$/;

type Layout = { keyId: string; manifestBytes: Buffer; signed: Buffer; signature: Buffer; payloadStart: number };

/** Steps 1-4 (structure, signer, signature, manifest, recipient), without decrypting. */
export function openBundleHeader(file: Buffer, opts: OpenOptions): Manifest {
  return openHeader(file, opts).manifest;
}

/** Everything: the verified manifest and the items (each line JSON.parsed). */
export function openBundle(file: Buffer, opts: OpenOptions): { manifest: Manifest; items: unknown[] } {
  const { manifest, unhashed, layout, boxPrivate } = openHeader(file, opts);

  // 5. Payload: hash, decrypt, bounded gunzip, lines.
  const sealedPayload = file.subarray(layout.payloadStart);
  if (createHash('sha256').update(sealedPayload).digest('hex') !== manifest.payloadSha256) {
    throw new BundleError('badPayload', { reason: 'payload SHA-256 differs from the manifest' });
  }
  const limit = Math.min(opts.maxRawBytes ?? DEFAULT_MAX_RAW_BYTES, bufferConstants.MAX_LENGTH);
  const declared = manifest.counts.rawBytes;
  // Refused before decrypting: an honest manifest tells us the size.
  if (declared > limit) throw new BundleError('tooLarge', { rawBytes: declared, limit });

  let gz: Buffer;
  try {
    const key = receivedBoxKey(boxPrivate, manifest.ephemeralPublic, Buffer.from(manifest.bundleId, 'utf8'), PAYLOAD_INFO);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(manifest.iv, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAAD(sha256(Buffer.from(canonicalJson(unhashed), 'utf8')));
    decipher.setAuthTag(sealedPayload.subarray(sealedPayload.length - TAG_BYTES));
    gz = Buffer.concat([decipher.update(sealedPayload.subarray(0, sealedPayload.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new BundleError('badPayload', { reason: 'payload does not decrypt with our key' });
  }

  // A dishonest manifest: inflating stops at the declared size (never more than the limit), so a
  // 10 GB bomb costs at most `declared` bytes of memory and the time to inflate them.
  let raw: Buffer;
  try {
    raw = gunzipSync(gz, { maxOutputLength: Math.max(1, declared), chunkSize: ZLIB_CHUNK });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BundleError('tooLarge', { reason: 'payload inflates past its declared size', rawBytes: declared, limit });
    }
    throw new BundleError('badPayload', { reason: 'payload is not gzip' });
  }
  if (raw.length !== declared) throw new BundleError('badPayload', { reason: 'payload size differs from the manifest', rawBytes: raw.length });

  const items = parseLines(raw);
  if (items.length !== manifest.counts.items) throw new BundleError('badPayload', { reason: 'item count differs from the manifest', items: items.length });
  return { manifest, items };
}

type OpenedHeader = { manifest: Manifest; unhashed: Record<string, unknown>; layout: Layout; boxPrivate: string };

function openHeader(file: Buffer, opts: OpenOptions): OpenedHeader {
  // 1. Structure.
  const layout = readLayout(file);

  // 2. Signer: one we hold, or one the key chain leads to from one we hold.
  const signer = opts.lookupSigner(layout.keyId) ?? endorsed(layout, opts);
  if (signer === null) {
    // Refused either way; the message says the likelier mistake: a file for another node (our
    // own outgoing bundle, another branch's), whose signer we need not know, picked by hand.
    const to = endpoint(unverifiedManifest(layout)?.to);
    if (to !== null && to.nodeId !== opts.selfNodeId) throw new BundleError('notForUs', { to: to.nodeId });
    throw new BundleError('unknownKey', { keyId: layout.keyId });
  }
  if (signer.retired && opts.retiredSigner !== 'read') throw new BundleError('retiredKey', { keyId: layout.keyId });

  // 3. Signature, and only then the manifest.
  if (!verify(layout.signed, layout.signature, signer.signPublic)) throw new BundleError('badSignature', { keyId: layout.keyId });
  let parsed: unknown;
  try {
    parsed = JSON.parse(layout.manifestBytes.toString('utf8'));
  } catch {
    throw new BundleError('badManifest', { reason: 'not JSON' });
  }
  const manifest = checkManifest(parsed);
  if (manifest.from.keyId !== layout.keyId) throw new BundleError('badManifest', { reason: 'from.keyId differs from the signing key', keyId: layout.keyId });

  // 4. Recipient.
  if (manifest.to.nodeId !== opts.selfNodeId) throw new BundleError('notForUs', { to: manifest.to.nodeId });
  const boxPrivate = opts.boxPrivate(manifest.to.keyId);
  if (boxPrivate === null) throw new BundleError('notForUs', { keyId: manifest.to.keyId });

  // The AAD is over the manifest as signed (including any field this version does not know).
  const unhashed = { ...(parsed as Record<string, unknown>) };
  delete unhashed.payloadSha256;
  return { manifest, unhashed, layout, boxPrivate };
}

/**
 * The signer the manifest's key chain vouches for. The chain is read before the signature is
 * checked (it is what the signature is checked with): parsed as bounded JSON, each entry's shape
 * checked, and trusted only as far as `endorsedSigner` verifies its signatures from a key we hold.
 */
function endorsed(layout: Layout, opts: OpenOptions): { signPublic: string; retired: false } | null {
  if (!opts.endorsedSigner) return null;
  const chain = keyChainOf(unverifiedManifest(layout)?.keyChain);
  const found = chain?.length ? opts.endorsedSigner(layout.keyId, chain) : null;
  return found ? { signPublic: found.signPublic, retired: false } : null;
}

/**
 * The manifest as an object before its signature is checked: for a refusal's message and the
 * key chain only, never for what is applied; none past 1 MiB (a real one is a few KiB).
 */
function unverifiedManifest(layout: Layout): Record<string, unknown> | null {
  if (layout.manifestBytes.length > 1024 * 1024) return null;
  try {
    return obj(JSON.parse(layout.manifestBytes.toString('utf8')));
  } catch {
    return null;
  }
}

const MAX_KEY_CHAIN = 64;

/** A manifest's `keyChain` if well formed (at most 64 entries), else null. */
function keyChainOf(v: unknown): KeyEndorsement[] | null {
  if (!Array.isArray(v) || v.length > MAX_KEY_CHAIN) return null;
  const out: KeyEndorsement[] = [];
  for (const e of v as unknown[]) {
    const o = obj(e);
    if (!o) return null;
    const keyId = typeof o.keyId === 'string' && KEY_ID.test(o.keyId) ? o.keyId : null;
    const by = typeof o.by === 'string' && KEY_ID.test(o.by) ? o.by : null;
    const signPublic = str(o.signPublic, 1000);
    const boxPublic = str(o.boxPublic, 1000);
    const sig = str(o.sig, 200);
    if (keyId === null || by === null || signPublic === null || boxPublic === null || sig === null) return null;
    out.push({ keyId, signPublic, boxPublic, by, sig });
  }
  return out;
}

function readLayout(file: Buffer): Layout {
  const present = Math.min(file.length, MAGIC.length);
  if (present === 0 || !file.subarray(0, present).equals(MAGIC.subarray(0, present))) throw new BundleError('notBundle');
  if (file.length < MAGIC.length + 3) throw new BundleError('truncated', { at: 'header' });
  const version = file.readUInt16BE(MAGIC.length);
  if (version > FORMAT_VERSION) throw new BundleError('newerFormat', { version, supported: FORMAT_VERSION });
  if (version < 1) throw new BundleError('notBundle', { version });

  const keyIdLen = file.readUInt8(MAGIC.length + 2);
  const keyIdStart = MAGIC.length + 3;
  const lenAt = keyIdStart + keyIdLen;
  if (file.length < lenAt + 4) throw new BundleError('truncated', { at: 'header' });
  const manifestLen = file.readUInt32BE(lenAt);
  const manifestStart = lenAt + 4;
  const sigStart = manifestStart + manifestLen;
  const payloadStart = sigStart + SIG_BYTES;
  if (file.length < sigStart) throw new BundleError('truncated', { at: 'manifest' });
  if (file.length < payloadStart) throw new BundleError('truncated', { at: 'signature' });
  if (file.length < payloadStart + TAG_BYTES) throw new BundleError('truncated', { at: 'payload' });

  // Read as latin1 so a damaged id is looked up as it stands (and is not found), never mis-decoded.
  const keyId = file.toString('latin1', keyIdStart, lenAt);
  if (!KEY_ID.test(keyId)) throw new BundleError('unknownKey', { reason: 'malformed key id' });
  return {
    keyId,
    manifestBytes: file.subarray(manifestStart, sigStart),
    signed: file.subarray(0, sigStart),
    signature: file.subarray(sigStart, payloadStart),
    payloadStart,
  };
}

// ---------------------------------------------------------------------------------------
// Manifest shape (after the signature: a signer's bug, not an attack, but never trusted blindly)

function checkManifest(v: unknown): Manifest {
  const bad = (field: string): never => {
    throw new BundleError('badManifest', { field });
  };
  const o = obj(v) ?? bad('(root)');
  if (o.format !== FORMAT_VERSION) bad('format');
  const bundleId = str(o.bundleId, 200) ?? bad('bundleId');
  const kind = o.kind === 'bundle' ? o.kind : bad('kind');
  const from = endpoint(o.from) ?? bad('from');
  const to = endpoint(o.to) ?? bad('to');
  const schemaVersion = count(o.schemaVersion) ?? bad('schemaVersion');
  const linkO = obj(o.link) ?? bad('link');
  const link = { from: count(linkO.from) ?? bad('link.from'), to: count(linkO.to) ?? bad('link.to') };
  const ack = count(o.ack) ?? bad('ack');
  const createdAt = typeof o.createdAt === 'string' && ISO.test(o.createdAt) && !Number.isNaN(Date.parse(o.createdAt)) ? o.createdAt : bad('createdAt');
  const countsO = obj(o.counts) ?? bad('counts');
  const counts = { items: count(countsO.items) ?? bad('counts.items'), rawBytes: count(countsO.rawBytes) ?? bad('counts.rawBytes') };
  let newKeys: Manifest['newKeys'];
  if (o.newKeys !== undefined) {
    if (!Array.isArray(o.newKeys)) bad('newKeys');
    newKeys = (o.newKeys as unknown[]).map((k) => {
      const ko = obj(k) ?? bad('newKeys');
      const keyId = typeof ko.keyId === 'string' && KEY_ID.test(ko.keyId) ? ko.keyId : bad('newKeys.keyId');
      return { keyId, signPublic: str(ko.signPublic, 1000) ?? bad('newKeys.signPublic'), boxPublic: str(ko.boxPublic, 1000) ?? bad('newKeys.boxPublic') };
    });
  }
  let keyChain: KeyEndorsement[] | undefined;
  if (o.keyChain !== undefined) keyChain = keyChainOf(o.keyChain) ?? bad('keyChain');
  const payloadSha256 = typeof o.payloadSha256 === 'string' && /^[0-9a-f]{64}$/.test(o.payloadSha256) ? o.payloadSha256 : bad('payloadSha256');
  const ephemeralPublic = str(o.ephemeralPublic, 1000) ?? bad('ephemeralPublic');
  const iv = typeof o.iv === 'string' && Buffer.from(o.iv, 'base64').length === IV_BYTES ? o.iv : bad('iv');
  const m: Manifest = { format: 1, bundleId, kind, from, to, schemaVersion, link, ack, createdAt, counts, payloadSha256, ephemeralPublic, iv };
  if (newKeys !== undefined) m.newKeys = newKeys;
  if (keyChain !== undefined) m.keyChain = keyChain;
  return m;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function str(v: unknown, max: number): string | null {
  return typeof v === 'string' && v.length > 0 && v.length <= max ? v : null;
}

function count(v: unknown): number | null {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;
}

function endpoint(v: unknown): { nodeId: string; keyId: string } | null {
  const o = obj(v);
  if (!o) return null;
  const nodeId = str(o.nodeId, 200);
  const keyId = typeof o.keyId === 'string' && KEY_ID.test(o.keyId) ? o.keyId : null;
  return nodeId !== null && keyId !== null ? { nodeId, keyId } : null;
}

// ---------------------------------------------------------------------------------------

function sha256(b: Buffer): Buffer {
  return createHash('sha256').update(b).digest();
}

/** NDJSON: every line ends in '\n'. Decoded window by window, never as one giant string. */
function parseLines(raw: Buffer): unknown[] {
  const items: unknown[] = [];
  if (raw.length === 0) return items;
  if (raw[raw.length - 1] !== 0x0a) throw new BundleError('badPayload', { reason: 'last line is not terminated' });
  let pos = 0;
  let line = 0;
  while (pos < raw.length) {
    // End the window on a newline; a line longer than the window makes the window that line.
    let nl = raw.lastIndexOf(0x0a, Math.min(pos + DECODE_WINDOW, raw.length) - 1);
    if (nl < pos) nl = raw.indexOf(0x0a, pos);
    let text: string;
    try {
      text = raw.toString('utf8', pos, nl);
    } catch {
      throw new BundleError('tooLarge', { reason: 'a line is too long', line: line + 1 });
    }
    for (const l of text.split('\n')) {
      line++;
      try {
        items.push(JSON.parse(l));
      } catch {
        throw new BundleError('badPayload', { reason: 'a line is not JSON', line });
      }
    }
    pos = nl + 1;
  }
  return items;
}

import {
  createCipheriv,
  createHash,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  sign as edSign,
  createPrivateKey,
} from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKeyPairs, type KeyPairs } from '../../src-main/sync/crypto';
import {
  BundleError,
  FORMAT_VERSION,
  canonicalJson,
  openBundle,
  openBundleHeader,
  writeBundle,
  writeFileAtomic,
  type Manifest,
  type ManifestInput,
  type OpenOptions,
} from '../../src-main/sync/format';

const hq = generateKeyPairs();
const branch = generateKeyPairs();
const stranger = generateKeyPairs();
const retired = generateKeyPairs();

const BUNDLE_ID = '0193a5b2-7c3d-7e4f-8a9b-123456789abc';

function input(over: Partial<ManifestInput> = {}): ManifestInput {
  return {
    bundleId: BUNDLE_ID,
    kind: 'bundle',
    from: { nodeId: 'hq', keyId: hq.keyId },
    to: { nodeId: 'branch-7', keyId: branch.keyId },
    schemaVersion: 7,
    link: { from: 41, to: 43 },
    ack: 12,
    createdAt: '2025-03-01T08:30:00.000Z',
    ...over,
  };
}

const ITEMS: unknown[] = [
  { t: 'op', s: 1, o: 'abcd1234abcd1234', q: 41, tb: 'customers', r: '0193a5b2-0000-7000-8000-000000000001', k: 'update', c: 'phone', v: '"13800138000"', h: '001732000000000-000001-abcd1234abcd1234', b: null, a: 'u1', br: 'b7' },
  { t: 'op', s: 2, o: 'abcd1234abcd1234', q: 42, tb: 'customers', r: '0193a5b2-0000-7000-8000-000000000001', k: 'update', c: 'name', v: '"欧阳娜娜\\n"', h: '001732000000001-000000-abcd1234abcd1234', b: '001732000000000-000001-abcd1234abcd1234', a: 'u1', br: 'b7' },
  { t: 'snap', nested: { list: [1, 2.5, -3, true, null], emoji: '👍' } },
];

function opts(over: Partial<OpenOptions> = {}): OpenOptions {
  const signers = new Map<string, { signPublic: string; retired: boolean }>([
    [hq.keyId, { signPublic: hq.signPublic, retired: false }],
    [retired.keyId, { signPublic: retired.signPublic, retired: true }],
  ]);
  return {
    selfNodeId: 'branch-7',
    lookupSigner: (keyId) => signers.get(keyId) ?? null,
    boxPrivate: (keyId) => (keyId === branch.keyId ? branch.boxPrivate : null),
    ...over,
  };
}

/** The code a refusal carries; 'opened' when the file was accepted; anything but a BundleError fails the test. */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof BundleError) return e.code;
    throw e;
  }
  return 'opened';
}

function flip(b: Buffer, at: number, mask: number): Buffer {
  const c = Buffer.from(b);
  c[at] = c[at]! ^ mask;
  return c;
}

/** Where each region of a file starts, read independently of the module under test. */
function regions(file: Buffer) {
  const keyIdLen = file[10]!;
  const lenAt = 11 + keyIdLen;
  const manifestLen = file.readUInt32BE(lenAt);
  const manifestAt = lenAt + 4;
  const sigAt = manifestAt + manifestLen;
  const payloadAt = sigAt + 64;
  const tagAt = file.length - 16;
  return { keyIdLen, lenAt, manifestLen, manifestAt, sigAt, payloadAt, tagAt };
}

function manifestOf(file: Buffer): Record<string, unknown> {
  const r = regions(file);
  return JSON.parse(file.subarray(r.manifestAt, r.sigAt).toString('utf8')) as Record<string, unknown>;
}

/** A file from its parts, signed by `signer`: the documented layout, written independently of format.ts. */
function assemble(parts: { version?: number; keyId: string; manifest: Buffer; payload: Buffer }, signer: KeyPairs): Buffer {
  const keyId = Buffer.from(parts.keyId, 'latin1');
  const head = Buffer.alloc(8 + 2 + 1 + keyId.length + 4);
  head.write('BDBUNDL\n', 0, 'latin1');
  head.writeUInt16BE(parts.version ?? 1, 8);
  head.writeUInt8(keyId.length, 10);
  keyId.copy(head, 11);
  head.writeUInt32BE(parts.manifest.length, 11 + keyId.length);
  const signed = Buffer.concat([head, parts.manifest]);
  const sig = edSign(null, signed, createPrivateKey({ key: Buffer.from(signer.signPrivate, 'base64'), format: 'der', type: 'pkcs8' }));
  return Buffer.concat([signed, sig, parts.payload]);
}

/**
 * Rebuild a file with a changed header or manifest and sign it again, so the check under test,
 * not the signature, is what refuses it.
 */
function resign(
  file: Buffer,
  change: { version?: number; keyId?: string; manifest?: (m: Record<string, unknown>) => Record<string, unknown> | string; payload?: Buffer },
  signer: KeyPairs = hq,
): Buffer {
  const r = regions(file);
  const m = change.manifest ? change.manifest(manifestOf(file)) : manifestOf(file);
  return assemble(
    {
      version: change.version ?? file.readUInt16BE(8),
      keyId: change.keyId ?? file.toString('latin1', 11, 11 + r.keyIdLen),
      manifest: Buffer.from(typeof m === 'string' ? m : canonicalJson(m), 'utf8'),
      payload: change.payload ?? file.subarray(r.payloadAt),
    },
    signer,
  );
}

/**
 * An independent writer of the documented format, for payloads writeBundle would never make
 * (a bomb, a bad line, lying counts). Its honest output opening cleanly (tested below) shows
 * that it follows the spec, so a refusal of its other output is the check under test.
 */
function sealRaw(gz: Buffer, counts: { items: number; rawBytes: number }, over: Partial<ManifestInput> = {}): Buffer {
  const m0 = input(over);
  const eph = generateKeyPairSync('x25519');
  const receiver = createPublicKey({ key: Buffer.from(branch.boxPublic, 'base64'), format: 'der', type: 'spki' });
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey: receiver });
  const key = Buffer.from(hkdfSync('sha256', shared, Buffer.from(m0.bundleId, 'utf8'), 'brokerdesk bundle v1', 32));
  const iv = randomBytes(12);
  const unhashed = { ...m0, format: 1, counts, ephemeralPublic: eph.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), iv: iv.toString('base64') };
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  // AAD: SHA-256 of the canonical manifest without payloadSha256 (which is over this very output).
  cipher.setAAD(createHash('sha256').update(canonicalJson(unhashed)).digest());
  const payload = Buffer.concat([cipher.update(gz), cipher.final(), cipher.getAuthTag()]);
  const manifest = { ...unhashed, payloadSha256: createHash('sha256').update(payload).digest('hex') };
  return assemble({ keyId: m0.from.keyId, manifest: Buffer.from(canonicalJson(manifest), 'utf8'), payload }, hq);
}

function ndjson(items: unknown[]): Buffer {
  return Buffer.from(items.map((i) => JSON.stringify(i) + '\n').join(''), 'utf8');
}

const MiB = 1024 * 1024;

// First in the file, so this worker's peak RSS is still low and a new peak is the bomb's.
describe('a decompression bomb (10 GiB of zeros in 160 gzip members)', () => {
  const member = gzipSync(Buffer.alloc(64 * MiB), { level: 9 });
  const bombGz = Buffer.concat(Array.from({ length: 160 }, () => member));
  const bombBytes = 160 * 64 * MiB;

  function refusedBounded(file: Buffer, o: OpenOptions): { code: string; ms: number; growthMiB: number } {
    const rss0 = process.memoryUsage().rss;
    const peak0 = process.resourceUsage().maxRSS * 1024;
    const t0 = performance.now();
    const code = refusal(() => openBundle(file, o));
    const ms = performance.now() - t0;
    const peak1 = process.resourceUsage().maxRSS * 1024;
    const rss1 = process.memoryUsage().rss;
    // A new peak during the call is the call's; otherwise the call stayed under the old peak.
    const growth = peak1 > peak0 ? peak1 - rss0 : rss1 - rss0;
    return { code, ms, growthMiB: Math.round(growth / MiB) };
  }

  it('is small on disk', () => {
    expect(bombGz.length).toBeLessThan(16 * MiB);
  });

  it('declared honestly, is refused as tooLarge before anything is decrypted', () => {
    const file = sealRaw(bombGz, { items: 1, rawBytes: bombBytes });
    const r = refusedBounded(file, opts());
    expect(r.code).toBe('tooLarge');
    expect(r.ms).toBeLessThan(1000);
    expect(r.growthMiB).toBeLessThan(600);
  });

  it('declared as 1 KiB, is refused as tooLarge once it inflates past that', () => {
    const file = sealRaw(bombGz, { items: 1, rawBytes: 1024 });
    const r = refusedBounded(file, opts());
    expect(r.code).toBe('tooLarge');
    expect(r.ms).toBeLessThan(3000);
    expect(r.growthMiB).toBeLessThan(600);
  });

  it('declared just under the limit, is refused as tooLarge in bounded memory', () => {
    const file = sealRaw(bombGz, { items: 1, rawBytes: 256 * MiB - 1 });
    const r = refusedBounded(file, opts({ maxRawBytes: 256 * MiB }));
    expect(r.code).toBe('tooLarge');
    expect(r.ms).toBeLessThan(5000);
    expect(r.growthMiB).toBeLessThan(600);
  });

  it('declared over a smaller maxRawBytes, is tooLarge', () => {
    const file = sealRaw(gzipSync(Buffer.alloc(2 * MiB)), { items: 1, rawBytes: 2 * MiB });
    expect(refusal(() => openBundle(file, opts({ maxRawBytes: MiB })))).toBe('tooLarge');
  });
});

describe('bundle round trip', () => {
  const file = writeBundle(input({ newKeys: [{ keyId: stranger.keyId, signPublic: stranger.signPublic, boxPublic: stranger.boxPublic }] }), ITEMS, hq, branch.boxPublic);

  it('gives back the items and the manifest, with counts of the NDJSON', () => {
    const { manifest, items } = openBundle(file, opts());
    expect(items).toEqual(ITEMS);
    const raw = ndjson(ITEMS);
    expect(manifest).toEqual({
      ...input(),
      format: 1,
      counts: { items: 3, rawBytes: raw.length },
      newKeys: [{ keyId: stranger.keyId, signPublic: stranger.signPublic, boxPublic: stranger.boxPublic }],
      payloadSha256: createHash('sha256').update(file.subarray(regions(file).payloadAt)).digest('hex'),
      ephemeralPublic: manifest.ephemeralPublic,
      iv: manifest.iv,
    } satisfies Manifest);
    expect(Buffer.from(manifest.iv, 'base64')).toHaveLength(12);
    expect(createPublicKey({ key: Buffer.from(manifest.ephemeralPublic, 'base64'), format: 'der', type: 'spki' }).asymmetricKeyType).toBe('x25519');
    expect(openBundleHeader(file, opts())).toEqual(manifest);
  });

  it('lays the file out as documented, with a canonical manifest', () => {
    expect(file.subarray(0, 8).toString('latin1')).toBe('BDBUNDL\n');
    expect(file.readUInt16BE(8)).toBe(FORMAT_VERSION);
    expect(FORMAT_VERSION).toBe(1);
    const r = regions(file);
    expect(file.toString('latin1', 11, 11 + r.keyIdLen)).toBe(hq.keyId);
    const text = file.subarray(r.manifestAt, r.sigAt).toString('utf8');
    expect(canonicalJson(JSON.parse(text))).toBe(text);
    expect(text.startsWith('{"ack":12,"bundleId":')).toBe(true);
    // Nothing of the payload is readable.
    expect(file.includes(Buffer.from('customers'))).toBe(false);
    expect(file.includes(Buffer.from('欧阳'))).toBe(false);
  });

  it('uses a fresh ephemeral key and iv per bundle', () => {
    const again = writeBundle(input(), ITEMS, hq, branch.boxPublic);
    const a = manifestOf(file);
    const b = manifestOf(again);
    expect(a.ephemeralPublic).not.toBe(b.ephemeralPublic);
    expect(a.iv).not.toBe(b.iv);
  });

  it('an empty bundle (acknowledgement only) round trips', () => {
    const empty = writeBundle(input({ link: { from: 44, to: 43 } }), [], hq, branch.boxPublic);
    const { manifest, items } = openBundle(empty, opts());
    expect(items).toEqual([]);
    expect(manifest.counts).toEqual({ items: 0, rawBytes: 0 });
    expect(manifest.link).toEqual({ from: 44, to: 43 });
    expect(manifest.newKeys).toBeUndefined();
  });

  it('takes any iterable, and refuses items JSON cannot carry', () => {
    function* gen() {
      yield { a: 1 };
      yield 'text';
      yield [1, 2];
    }
    expect(openBundle(writeBundle(input(), gen(), hq, branch.boxPublic), opts()).items).toEqual([{ a: 1 }, 'text', [1, 2]]);
    expect(() => writeBundle(input(), [{ a: 1 }, undefined], hq, branch.boxPublic)).toThrow(/item 2/);
  });

  it('many items round trip', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ t: 'snap', i, name: `客户${i}` }));
    const { manifest, items } = openBundle(writeBundle(input(), many, hq, branch.boxPublic), opts({ maxRawBytes: 10 * MiB }));
    expect(manifest.counts.items).toBe(20_000);
    expect(items).toEqual(many);
  });

  it('only manifest fields go into the manifest, whatever else the caller’s object carries', () => {
    const sloppy = { ...input(), note: 'internal', from: { nodeId: 'hq', keyId: hq.keyId, boxPrivate: 'x' } } as ManifestInput;
    const m = manifestOf(writeBundle(sloppy, ITEMS, hq, branch.boxPublic));
    expect(Object.keys(m).sort()).toEqual(['ack', 'bundleId', 'counts', 'createdAt', 'ephemeralPublic', 'format', 'from', 'iv', 'kind', 'link', 'payloadSha256', 'schemaVersion', 'to']);
    expect(m.from).toEqual({ nodeId: 'hq', keyId: hq.keyId });
  });

  it('the writer refuses a manifest its own reader would refuse', () => {
    expect(() => writeBundle(input({ createdAt: 'yesterday' }), ITEMS, hq, branch.boxPublic)).toThrow(BundleError);
    expect(() => writeBundle(input({ ack: -1 }), ITEMS, hq, branch.boxPublic)).toThrow(BundleError);
    expect(() => writeBundle(input({ from: { nodeId: 'hq', keyId: '' } }), ITEMS, hq, branch.boxPublic)).toThrow();
  });
});

describe('tampering, region by region', () => {
  const file = writeBundle(input(), ITEMS, hq, branch.boxPublic);
  const r = regions(file);
  const some = (from: number, to: number, n = 8): number[] => {
    const out = new Set<number>([from, to]);
    for (let i = 1; i < n; i++) out.add(from + Math.floor(((to - from) * i) / n));
    return [...out];
  };

  it('the test’s picture of the layout matches the file', () => {
    expect(r.keyIdLen).toBe(17);
    expect(r.tagAt - r.payloadAt).toBeGreaterThan(20);
    expect(refusal(() => openBundle(file, opts()))).toBe('opened');
  });

  it('magic: notBundle', () => {
    for (let at = 0; at < 8; at++) for (const mask of [0x01, 0x80, 0xff]) expect({ at, mask, code: refusal(() => openBundle(flip(file, at, mask), opts())) }).toEqual({ at, mask, code: 'notBundle' });
  });

  it('version: newerFormat above 1, notBundle at 0', () => {
    for (const at of [8, 9]) {
      for (const mask of [0x01, 0x02, 0xff]) {
        const f = flip(file, at, mask);
        const v = f.readUInt16BE(8);
        expect({ at, mask, code: refusal(() => openBundle(f, opts())) }).toEqual({ at, mask, code: v === 0 ? 'notBundle' : 'newerFormat' });
      }
    }
  });

  it('key id length: the layout falls apart (truncated) or names a key we do not know', () => {
    for (const mask of [0x01, 0x02, 0x10, 0x80, 0xff]) {
      expect(['truncated', 'unknownKey']).toContain(refusal(() => openBundle(flip(file, 10, mask), opts())));
    }
  });

  it('key id: unknownKey', () => {
    for (let at = 11; at < 11 + r.keyIdLen; at++) {
      for (const mask of [0x01, 0x80]) expect({ at, mask, code: refusal(() => openBundle(flip(file, at, mask), opts())) }).toEqual({ at, mask, code: 'unknownKey' });
    }
  });

  it('manifest length: truncated when it runs past the end, else badSignature', () => {
    for (let at = r.lenAt; at < r.lenAt + 4; at++) {
      for (const mask of [0x01, 0x04, 0x80]) {
        const f = flip(file, at, mask);
        const len = f.readUInt32BE(r.lenAt);
        const expected = r.manifestAt + len + 64 + 16 > f.length ? 'truncated' : 'badSignature';
        expect({ at, mask, code: refusal(() => openBundle(f, opts())) }).toEqual({ at, mask, code: expected });
      }
    }
  });

  it('manifest: badSignature', () => {
    for (const at of some(r.manifestAt, r.sigAt - 1, 16)) {
      for (const mask of [0x01, 0x20]) expect({ at, mask, code: refusal(() => openBundleHeader(flip(file, at, mask), opts())) }).toEqual({ at, mask, code: 'badSignature' });
    }
  });

  it('signature: badSignature', () => {
    for (let at = r.sigAt; at < r.payloadAt; at++) expect({ at, code: refusal(() => openBundle(flip(file, at, 0x01), opts())) }).toEqual({ at, code: 'badSignature' });
  });

  it('payload: badPayload (the header alone still opens: it covers the payload only by its hash)', () => {
    for (const at of some(r.payloadAt, r.tagAt - 1)) {
      for (const mask of [0x01, 0xff]) {
        const f = flip(file, at, mask);
        expect({ at, mask, code: refusal(() => openBundle(f, opts())) }).toEqual({ at, mask, code: 'badPayload' });
        expect(refusal(() => openBundleHeader(f, opts()))).toBe('opened');
      }
    }
  });

  it('GCM tag: badPayload', () => {
    for (let at = r.tagAt; at < file.length; at++) expect({ at, code: refusal(() => openBundle(flip(file, at, 0x40), opts())) }).toEqual({ at, code: 'badPayload' });
  });

  it('a payload change with a matching, re-signed hash is still refused by decryption', () => {
    const payload = flip(file.subarray(r.payloadAt), 3, 0x01);
    const f = resign(file, { payload, manifest: (m) => ({ ...m, payloadSha256: createHash('sha256').update(payload).digest('hex') }) });
    expect(refusal(() => openBundleHeader(f, opts()))).toBe('opened');
    expect(refusal(() => openBundle(f, opts()))).toBe('badPayload');
  });

  it('the payload is bound to its manifest: a re-signed manifest change breaks decryption (AAD)', () => {
    expect(refusal(() => openBundle(resign(file, {}), opts()))).toBe('opened'); // control: re-signing alone is fine
    for (const change of [(m: Record<string, unknown>) => ({ ...m, ack: 13 }), (m: Record<string, unknown>) => ({ ...m, link: { from: 1, to: 43 } }), (m: Record<string, unknown>) => ({ ...m, extra: 'x' })]) {
      expect(refusal(() => openBundle(resign(file, { manifest: change }), opts()))).toBe('badPayload');
    }
  });

  it('a payload copied into another bundle does not decrypt there', () => {
    const other = writeBundle(input({ bundleId: '0193a5b2-7c3d-7e4f-8a9b-000000000000' }), [{ x: 1 }], hq, branch.boxPublic);
    const payload = file.subarray(r.payloadAt);
    const f = resign(other, { payload, manifest: (m) => ({ ...m, payloadSha256: createHash('sha256').update(payload).digest('hex') }) });
    expect(refusal(() => openBundle(f, opts()))).toBe('badPayload');
  });
});

describe('truncation', () => {
  const file = writeBundle(input(), ITEMS, hq, branch.boxPublic);
  const r = regions(file);

  it('at every length is refused, never a crash: truncated, or badPayload once only the payload is short', () => {
    for (let len = 0; len < file.length; len++) {
      const cut = file.subarray(0, len);
      const expected = len === 0 ? 'notBundle' : len < r.payloadAt + 16 ? 'truncated' : 'badPayload';
      expect({ len, code: refusal(() => openBundle(cut, opts())) }).toEqual({ len, code: expected });
      if (len < r.payloadAt + 16) expect({ len, code: refusal(() => openBundleHeader(cut, opts())) }).toEqual({ len, code: expected });
    }
  });

  it('extra bytes at the end are refused too', () => {
    expect(refusal(() => openBundle(Buffer.concat([file, Buffer.from([0])]), opts()))).toBe('badPayload');
  });
});

describe('signer, recipient, version', () => {
  const file = writeBundle(input(), ITEMS, hq, branch.boxPublic);

  it('a signer we do not know: unknownKey', () => {
    expect(refusal(() => openBundle(file, opts({ lookupSigner: () => null })))).toBe('unknownKey');
    const bySomeone = writeBundle(input({ from: { nodeId: 'hq', keyId: stranger.keyId } }), ITEMS, stranger, branch.boxPublic);
    expect(refusal(() => openBundleHeader(bySomeone, opts()))).toBe('unknownKey');
  });

  it('a retired signing key: retiredKey', () => {
    const old = writeBundle(input({ from: { nodeId: 'hq', keyId: retired.keyId } }), ITEMS, retired, branch.boxPublic);
    expect(refusal(() => openBundle(old, opts()))).toBe('retiredKey');
    const e = (() => {
      try {
        openBundle(old, opts());
      } catch (err) {
        return err as BundleError;
      }
      return null;
    })();
    expect(e?.detail).toEqual({ keyId: retired.keyId });
  });

  it('signed by another key than the header names: badSignature', () => {
    const forged = writeBundle(input(), ITEMS, stranger, branch.boxPublic); // header says hq
    expect(refusal(() => openBundleHeader(forged, opts()))).toBe('badSignature');
    expect(refusal(() => openBundle(resign(file, {}, stranger), opts()))).toBe('badSignature');
  });

  it('a manifest naming another sender key than the signing key: badManifest', () => {
    const f = resign(file, { keyId: stranger.keyId }, stranger); // signed by stranger, manifest says from hq
    const both = opts({ lookupSigner: (k) => (k === stranger.keyId ? { signPublic: stranger.signPublic, retired: false } : k === hq.keyId ? { signPublic: hq.signPublic, retired: false } : null) });
    expect(refusal(() => openBundleHeader(f, both))).toBe('badManifest');
  });

  it('a signed manifest of the wrong shape: badManifest', () => {
    const cases: ((m: Record<string, unknown>) => Record<string, unknown> | string)[] = [
      () => 'not json {',
      () => '[1,2]',
      (m) => ({ ...m, kind: 'other' }),
      (m) => ({ ...m, format: 2 }),
      (m) => ({ ...m, counts: { items: -1, rawBytes: 0 } }),
      (m) => ({ ...m, link: { from: 1 } }),
      (m) => ({ ...m, ack: 1.5 }),
      (m) => ({ ...m, to: { nodeId: 'branch-7' } }),
      (m) => ({ ...m, payloadSha256: 'abc' }),
      (m) => ({ ...m, iv: 'AAAA' }),
      (m) => ({ ...m, createdAt: 'yesterday' }),
      (m) => ({ ...m, newKeys: [{ keyId: 'k1' }] }),
      (m) => {
        const { bundleId: _gone, ...rest } = m;
        return rest;
      },
    ];
    for (const [i, change] of cases.entries()) expect({ i, code: refusal(() => openBundleHeader(resign(file, { manifest: change }), opts())) }).toEqual({ i, code: 'badManifest' });
  });

  it('for another node: notForUs', () => {
    expect(refusal(() => openBundleHeader(file, opts({ selfNodeId: 'branch-8' })))).toBe('notForUs');
    expect(refusal(() => openBundle(file, opts({ selfNodeId: 'hq' })))).toBe('notForUs');
  });

  it('to a box key we do not hold: notForUs', () => {
    expect(refusal(() => openBundleHeader(file, opts({ boxPrivate: () => null })))).toBe('notForUs');
  });

  it('opened with the wrong private key: badPayload', () => {
    expect(refusal(() => openBundle(file, opts({ boxPrivate: () => stranger.boxPrivate })))).toBe('badPayload');
    expect(refusal(() => openBundle(file, opts({ boxPrivate: () => hq.signPrivate })))).toBe('badPayload'); // not even an X25519 key
  });

  it('a newer format version, properly signed: newerFormat (and the same file as version 1 opens)', () => {
    expect(refusal(() => openBundle(resign(file, { version: 1 }), opts()))).toBe('opened');
    for (const version of [2, 300, 0xffff]) {
      const newer = resign(file, { version });
      expect(refusal(() => openBundleHeader(newer, opts()))).toBe('newerFormat');
      expect(refusal(() => openBundle(newer, opts({ lookupSigner: () => null })))).toBe('newerFormat'); // checked before the signer
    }
  });
});

describe('payload contents', () => {
  it('the test’s own writer follows the format: its honest output opens', () => {
    const raw = ndjson(ITEMS);
    expect(openBundle(sealRaw(gzipSync(raw), { items: 3, rawBytes: raw.length }), opts()).items).toEqual(ITEMS);
  });

  it('a line that is not JSON: badPayload, naming the line', () => {
    const raw = Buffer.from('{"a":1}\n{"a":2}\n{"a":\n{"a":4}\n');
    const f = sealRaw(gzipSync(raw), { items: 4, rawBytes: raw.length });
    try {
      openBundle(f, opts());
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BundleError);
      expect((e as BundleError).code).toBe('badPayload');
      expect((e as BundleError).detail?.line).toBe(3);
      expect((e as BundleError).message).not.toContain('"a"'); // never the payload itself
    }
  });

  it('an empty line, or a missing final newline: badPayload', () => {
    for (const text of ['{"a":1}\n\n{"a":2}\n', '{"a":1}\n{"a":2}']) {
      const raw = Buffer.from(text);
      expect(refusal(() => openBundle(sealRaw(gzipSync(raw), { items: 2, rawBytes: raw.length }), opts()))).toBe('badPayload');
    }
  });

  it('counts that do not match the payload: badPayload', () => {
    const raw = ndjson(ITEMS);
    const gz = gzipSync(raw);
    expect(refusal(() => openBundle(sealRaw(gz, { items: 2, rawBytes: raw.length }), opts()))).toBe('badPayload');
    expect(refusal(() => openBundle(sealRaw(gz, { items: 3, rawBytes: raw.length + 1 }), opts()))).toBe('badPayload');
    expect(refusal(() => openBundle(sealRaw(gz, { items: 3, rawBytes: raw.length - 1 }), opts()))).toBe('tooLarge'); // inflates past what it declared
  });

  it('a payload that is not gzip: badPayload', () => {
    expect(refusal(() => openBundle(sealRaw(Buffer.from('plain text, not gzip'), { items: 1, rawBytes: 10 }), opts()))).toBe('badPayload');
  });

  it('lines longer than the decoding window are read whole', () => {
    const big = [{ blob: 'x'.repeat(17 * MiB) }, { small: true }, { blob: 'y'.repeat(3 * MiB) }];
    expect(openBundle(writeBundle(input(), big, hq, branch.boxPublic), opts()).items).toEqual(big);
  });
});

describe('canonicalJson', () => {
  it('sorts keys recursively and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ é: 1, e: 2, E: 3, 中: 4 })).toBe('{"E":3,"e":2,"é":1,"中":4}');
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson('a"\n')).toBe('"a\\"\\n"');
  });

  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson({ a: Infinity })).toThrow();
    expect(() => canonicalJson([undefined])).toThrow();
    expect(() => canonicalJson(10n)).toThrow();
  });
});

describe('writeFileAtomic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bd-format-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the whole file under its name and leaves no temp file', () => {
    const file = writeBundle(input(), ITEMS, hq, branch.boxPublic);
    const path = join(dir, 'hq-to-branch-7.bdbundle');
    writeFileAtomic(path, Buffer.from('old'));
    writeFileAtomic(path, file);
    expect(readFileSync(path).equals(file)).toBe(true);
    expect(readdirSync(dir)).toEqual(['hq-to-branch-7.bdbundle']);
  });
});

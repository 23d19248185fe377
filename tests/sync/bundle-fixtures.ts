import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import { LATEST_VERSION } from '../../migrations/index';
import { ephemeralBoxKey, sign } from '../../src-main/sync/crypto';
import { canonicalJson } from '../../src-main/sync/format';
import { currentKeys, peerBoxKey } from '../../src-main/sync/node';

/** Helpers shared by the bundle tests (refusals, crash, CLI, watch). */
type Sqlite = BetterSqlite3.Database;

/**
 * Every table's rows, hashed: two databases (or one before and after) with equal digests hold
 * the same content. Virtual tables are skipped; their shadow tables are ordinary tables and
 * are included. Rows are compared as a sorted multiset, so physical order does not matter.
 */
export function dbDigest(sqlite: Sqlite, skip: readonly string[] = []): Record<string, string> {
  const tables = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string; sql: string }[];
  const out: Record<string, string> = {};
  for (const t of tables) {
    if (/^CREATE VIRTUAL TABLE/i.test(t.sql) || skip.includes(t.name)) continue;
    const rows = (sqlite.prepare(`SELECT * FROM "${t.name}"`).raw(true).all() as unknown[][]).map((r) => JSON.stringify(r)).sort();
    const h = createHash('sha256');
    for (const r of rows) h.update(r).update('\n');
    out[t.name] = `${rows.length}:${h.digest('hex').slice(0, 16)}`;
  }
  return out;
}

/** An HLC string for a wall time (ms), as capture writes them. */
export function hlcAt(ms: number, node: string, counter = 0): string {
  return `${String(ms).padStart(15, '0')}-${String(counter).padStart(6, '0')}-${node}`;
}

/**
 * A bundle with a payload writeBundle would never make (a decompression bomb): the documented
 * format, signed with the sender database's own key and sealed to the receiver's box key as the
 * sender knows it, with the manifest's counts as given. So it passes every check before the
 * payload: a real signed and encrypted bundle.
 */
export function sealRawBundle(
  sender: Sqlite,
  receiverNodeId: string,
  gz: Buffer,
  counts: { items: number; rawBytes: number },
  link: { from: number; to: number },
  ack = 0,
  kind = 'bundle',
): Buffer {
  const keys = currentKeys(sender, new Date().toISOString());
  const box = peerBoxKey(sender, receiverNodeId)!;
  const senderNode = sender.prepare(`SELECT value FROM sync_state WHERE key = 'node_id'`).pluck().get() as string;
  const bundleId = uuidv7();
  const { ephemeralPublic, key } = ephemeralBoxKey(box.boxPublic, Buffer.from(bundleId, 'utf8'), 'brokerdesk bundle v1');
  const iv = randomBytes(12);
  const unhashed = {
    format: 1,
    bundleId,
    kind,
    from: { nodeId: senderNode, keyId: keys.keyId },
    to: { nodeId: receiverNodeId, keyId: box.keyId },
    schemaVersion: LATEST_VERSION,
    link,
    ack,
    createdAt: new Date().toISOString(),
    counts,
    ephemeralPublic,
    iv: iv.toString('base64'),
  };
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(createHash('sha256').update(canonicalJson(unhashed)).digest());
  const payload = Buffer.concat([cipher.update(gz), cipher.final(), cipher.getAuthTag()]);
  const manifest = Buffer.from(canonicalJson({ ...unhashed, payloadSha256: createHash('sha256').update(payload).digest('hex') }), 'utf8');
  const keyId = Buffer.from(keys.keyId, 'latin1');
  const head = Buffer.alloc(8 + 2 + 1 + keyId.length + 4);
  head.write('BDBUNDL\n', 0, 'latin1');
  head.writeUInt16BE(1, 8);
  head.writeUInt8(keyId.length, 10);
  keyId.copy(head, 11);
  head.writeUInt32BE(manifest.length, 11 + keyId.length);
  const signed = Buffer.concat([head, manifest]);
  return Buffer.concat([signed, sign(signed, keys.signPrivate), payload]);
}

/** Where a bundle's regions start (the documented layout). */
export function regions(file: Buffer): { keyIdAt: number; lenAt: number; manifestAt: number; sigAt: number; payloadAt: number; tagAt: number } {
  const keyIdLen = file[10]!;
  const lenAt = 11 + keyIdLen;
  const manifestAt = lenAt + 4;
  const sigAt = manifestAt + file.readUInt32BE(lenAt);
  return { keyIdAt: 11, lenAt, manifestAt, sigAt, payloadAt: sigAt + 64, tagAt: file.length - 16 };
}

export function flip(file: Buffer, at: number): Buffer {
  const c = Buffer.from(file);
  c[at] = c[at]! ^ 0x5a;
  return c;
}

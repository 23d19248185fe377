import { readFileSync, writeSync } from 'node:fs';
import { openDatabase } from '../../src-main/db/open';
import { receiveBundle } from '../../src-main/sync/apply';

/**
 * Child process of crash.test.ts: apply a bundle to a database, and at the first progress
 * report (5,000 items in, inside the applying transaction) say so on stdout and wait there to
 * be killed. The page cache is tiny, so the transaction's dirty pages have already spilled
 * into the WAL file (uncommitted frames) when the kill comes: recovery must ignore them.
 *
 *   tsx tests/sync/crash-child.ts <db file> <bundle file>   (key in BD_DB_KEY)
 */
const [file, bundle] = process.argv.slice(2);
const key = process.env.BD_DB_KEY;
if (!file || !bundle || !key) throw new Error('usage: crash-child.ts <db> <bundle> (BD_DB_KEY)');
const db = openDatabase({ file, key });
db.sqlite.pragma('cache_size = 64');
const park = new Int32Array(new SharedArrayBuffer(4));
receiveBundle(db, readFileSync(bundle), () => new Date(), (done, total) => {
  // Synchronous write: the parent must hear it while this transaction is still open.
  writeSync(1, `progress ${done} ${total}\n`);
  Atomics.wait(park, 0, 0, 60_000);
});
writeSync(1, 'finished\n');
db.close();

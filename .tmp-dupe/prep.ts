// Measurement prep: birth dates from resident IDs, and 300 real duplicates (100 per reason).
import { readFileSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../src-main/db/open';
import { writeTxSync } from '../src-main/db/tx';
const key = readFileSync('/tmp/dupe1m/demo.db.key', 'utf8').trim();
const db = openDatabase({ file: '/tmp/dupe1m/demo.db', key });
let t = performance.now();
writeTxSync(db, 'prep', () => {
  db.sqlite.exec(`UPDATE customers SET birth_date = substr(id_no,7,4)||'-'||substr(id_no,11,2)||'-'||substr(id_no,13,2) WHERE id_type = 'resident_id'`);
}, 'uncaptured');
console.log('birth dates', ((performance.now() - t) / 1000).toFixed(1), 's');
t = performance.now();
const cols = db.sqlite.prepare(`SELECT name FROM pragma_table_xinfo('customers') WHERE hidden = 0 AND name NOT IN ('seq','id')`).pluck().all() as string[];
const src = db.sqlite.prepare(`SELECT seq FROM customers WHERE id_type = 'resident_id' AND phone IS NOT NULL ORDER BY seq LIMIT 300 OFFSET 5000`).pluck().all() as number[];
const copy = db.sqlite.prepare(`INSERT INTO customers (id, ${cols.join(', ')}) SELECT ?, ${cols.join(', ')} FROM customers WHERE seq = ? RETURNING seq`);
writeTxSync(db, 'prep', () => {
  src.forEach((seq, i) => {
    const { seq: n } = copy.get(uuidv7(), seq) as { seq: number };
    // 0-99: same ID only; 100-199: same name + birth only; 200-299: same phone only.
    const kind = Math.floor(i / 100);
    const newNo = `9${String(i).padStart(8, '0')}`;
    if (kind === 0) db.sqlite.prepare(`UPDATE customers SET customer_no = ?, name = name || '某', phone = ? WHERE seq = ?`).run(newNo, `1990000${String(i).padStart(4, '0')}`, n);
    if (kind === 1) db.sqlite.prepare(`UPDATE customers SET customer_no = ?, id_no = 'P' || ?, id_type = 'passport', phone = ? WHERE seq = ?`).run(newNo, String(i).padStart(8, '0'), `1990000${String(i).padStart(4, '0')}`, n);
    if (kind === 2) db.sqlite.prepare(`UPDATE customers SET customer_no = ?, name = name || '某', id_no = 'P' || ?, id_type = 'passport', birth_date = NULL WHERE seq = ?`).run(newNo, String(i).padStart(8, '0'), n);
  });
}, 'uncaptured');
console.log('copies', ((performance.now() - t) / 1000).toFixed(1), 's');
db.sqlite.exec('ANALYZE');
db.close();

import { readFileSync } from 'node:fs';
import { openDatabase } from '../src-main/db/open';
const key = readFileSync('/tmp/dupe1m/demo.db.key', 'utf8').trim();
const db = openDatabase({ file: '/tmp/dupe1m/demo.db', key, role: 'job', migrate: false });
for (let round = 0; round < 2; round++) {
  let t = performance.now();
  const g = db.sqlite.prepare(`SELECT group_concat(seq) FROM customers WHERE birth_date IS NOT NULL GROUP BY birth_date, name HAVING count(*) > 1`).pluck().all();
  console.log('sql group', g.length, (performance.now() - t).toFixed(0), 'ms');
  t = performance.now();
  const m = new Map<string, number | number[]>();
  const it = db.sqlite.prepare(`SELECT seq, birth_date, name FROM customers WHERE birth_date IS NOT NULL`).raw().iterate() as IterableIterator<[number, string, string]>;
  let n = 0;
  for (const [seq, b, name] of it) {
    n++;
    const k = b + name;
    const v = m.get(k);
    if (v === undefined) m.set(k, seq);
    else if (typeof v === 'number') m.set(k, [v, seq]);
    else v.push(seq);
  }
  let groups = 0;
  for (const v of m.values()) if (typeof v !== 'number') groups++;
  console.log('js group', groups, n, (performance.now() - t).toFixed(0), 'ms');
  t = performance.now();
  const c = db.sqlite.prepare(`SELECT count(*) FROM customers WHERE birth_date IS NOT NULL`).pluck().get();
  console.log('bare scan count', c, (performance.now() - t).toFixed(0), 'ms');
}
db.close();

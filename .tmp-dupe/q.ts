import { readFileSync } from 'node:fs';
import { openDatabase } from '../src-main/db/open';
const key = readFileSync('/tmp/dupe1m/demo.db.key', 'utf8').trim();
const db = openDatabase({ file: '/tmp/dupe1m/demo.db', key, role: 'job', migrate: false });
const time = (label: string, sql: string, ...p: unknown[]) => {
  const st = db.sqlite.prepare(sql);
  console.log(label, 'plan:', (db.sqlite.prepare('EXPLAIN QUERY PLAN ' + sql).all(...p) as {detail:string}[]).map((r) => r.detail).join(' | '));
  const t = performance.now();
  const rows = st.all(...p);
  console.log(label, rows.length, 'rows', (performance.now() - t).toFixed(0), 'ms');
};
const q = process.argv[2] ?? 'all';
if (q === 'all' || q === 'id') time('id', `SELECT group_concat(seq) FROM customers WHERE id_no_rev IS NOT NULL GROUP BY id_no_rev HAVING count(*) > 1`);
if (q === 'all' || q === 'phone') time('phone', `SELECT group_concat(seq) FROM customers WHERE phone_rev IS NOT NULL GROUP BY phone_rev HAVING count(*) > 1`);
if (q === 'all' || q === 'nb') time('name_birth', `SELECT group_concat(seq) FROM customers WHERE birth_date IS NOT NULL GROUP BY birth_date, name HAVING count(*) > 1`);
const b = db.sqlite.prepare(`SELECT id FROM org_units WHERE kind='branch' ORDER BY code LIMIT 1`).pluck().get();
if (q === 'all' || q === 'nbb') time('name_birth branch', `SELECT group_concat(seq) FROM customers WHERE branch_id = ? AND birth_date IS NOT NULL GROUP BY birth_date, name HAVING count(*) > 1`, b);
db.close();

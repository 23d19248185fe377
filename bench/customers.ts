import { openDatabase } from '../src-main/db/open';
import { createAppContext } from '../src-main/ipc/context';
import { dispatch } from '../src-main/ipc/dispatch';
import { loadActor } from '../src-main/auth/actor';
import { selectCustomerRows, shanghaiToday } from '../src-main/customers/customers.queries';
import { SEARCH_CAP, buildCount, buildListSegment, decodeCursor, segmentsFor, type ListRequest } from '../src-main/customers/list-shapes';
import { searchSeqs } from '../src-main/customers/customers.queries';
import type { CustomerFilter } from '../src-shared/customers/customers.contract';
import { figure, median, p95, skipped, timeMs, type Figure } from './lib';

/**
 * The customer list's figures on the 1M demo (issue 4's goals), each through dispatch as a
 * branch manager (the widest scope a branch has: 400k customers in the demo's biggest branch)
 * against the same statements the handler runs, prepared once and run bare. The difference
 * of the medians is the dispatcher's overhead (session, validation, scope, mapping, masking,
 * query compilation).
 *   search.*                  customers.list {q, limit: 50}: 2-char name, 3-char name, initials,
 *                             full pinyin, phone tail, ID tail, customer number, capital account
 *   list.firstPage/nextPage   two filters and a sort, first page and the page after it
 *   list.count                customers.count with two filters
 *   list.countRanges          customers.count with one flag or range (expired, elderly, dates, tag), each in turn
 *   customer.page             customers.get (every tab's first page, audited) vs the bare row select
 */
export const SEARCH_NAMES = ['search.name2', 'search.name3', 'search.initials', 'search.pinyin', 'search.phoneTail', 'search.idTail', 'search.customerNo', 'search.account'];
export const CUSTOMER_NAMES = [...SEARCH_NAMES, 'list.firstPage', 'list.nextPage', 'list.count', 'list.countRanges', 'customer.page'];

export type BenchEnv = { demoDb(): Promise<string>; key: string; password(): string; wanted(name: string): boolean; log(s: string): void };

/**
 * Interleave end-to-end and bare runs over the same inputs, so drift in machine load hits both
 * alike; inputs are used in turn (different terms, different pages of the cache).
 */
async function compare<I>(inputs: readonly I[], viaDispatch: (i: I) => Promise<unknown>, bare: (i: I) => unknown, rounds = 5, perRound = 60) {
  const a: number[] = [];
  const b: number[] = [];
  for (const i of inputs) {
    await viaDispatch(i);
    bare(i);
  }
  let n = 0;
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < perRound; k++) a.push(await timeMs(() => viaDispatch(inputs[n++ % inputs.length]!)));
    for (let k = 0; k < perRound; k++) b.push(await timeMs(() => bare(inputs[n++ % inputs.length]!)));
  }
  return { a, b };
}

function msFigure(name: string, c: { a: number[]; b: number[] }, goal: string, extra: string): Figure {
  const ma = median(c.a);
  const mb = median(c.b);
  return figure(name, ma, mb, 'ms/call', `median of ${c.a.length}; p95 ${p95(c.a).toFixed(3)} vs ${p95(c.b).toFixed(3)} ms; dispatcher overhead ${(ma - mb).toFixed(3)} ms; ${goal}; ${extra}`);
}

export async function customerFigures(env: BenchEnv): Promise<Figure[]> {
  const file = await env.demoDb();
  env.log('customer search, list, count, page …');
  const db = openDatabase({ file, key: env.key });
  try {
    const app = await createAppContext({ db });
    const clientId = 'bench-customers';
    const login = await dispatch(app, clientId, 'auth.login', { login: 'sh.manager', password: env.password() });
    if (!login.ok) throw new Error(`login failed: ${login.error.code}`);
    const actor = loadActor(app, app.sessions.get(clientId)!)!;
    const today = shanghaiToday(app.now());
    const call = async (method: 'customers.list' | 'customers.count' | 'customers.get', input: unknown) => {
      const r = await dispatch(app, clientId, method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.code}`);
      return r.value;
    };
    // Terms from customers of the branch spread over the whole table, so no figure rests on one lucky name.
    type Sample = { name: string; name_py: string; name_initials: string; phone: string | null; id_no: string; customer_no: string; account_no: string };
    const sample = db.sqlite
      .prepare(
        `SELECT c.name, c.name_py, c.name_initials, c.phone, c.id_no, c.customer_no,
                (SELECT account_no FROM accounts a WHERE a.customer_id = c.id ORDER BY account_no LIMIT 1) AS account_no
         FROM customers c WHERE c.branch_id = ? AND c.kind = 'individual' AND c.seq % 997 = 0 ORDER BY c.seq LIMIT 400`,
      )
      .all(actor.branchId) as Sample[];
    const chars = (s: string) => [...s].length;
    const terms: Record<string, string[]> = {
      'search.name2': sample.filter((x) => chars(x.name) === 2).map((x) => x.name),
      'search.name3': sample.filter((x) => chars(x.name) === 3).map((x) => x.name),
      'search.initials': sample.filter((x) => chars(x.name) === 2).map((x) => x.name_initials),
      'search.pinyin': sample.filter((x) => chars(x.name) === 3).map((x) => x.name_py),
      'search.phoneTail': sample.filter((x) => x.phone !== null).map((x) => x.phone!.slice(-4)),
      'search.idTail': sample.map((x) => x.id_no.slice(-6)),
      'search.customerNo': sample.map((x) => x.customer_no),
      'search.account': sample.map((x) => x.account_no),
    };
    const out: Figure[] = [];
    const sort = { field: 'assets' as const, dir: 'desc' as const };
    for (const name of SEARCH_NAMES) {
      if (!env.wanted(name)) continue;
      const list = terms[name]!.slice(0, 60);
      // Bare: the statement the handler runs for the term's first page, prepared once.
      const prepared = new Map(
        list.map((q) => {
          const req: ListRequest = { q, filter: {}, sort, limit: 50 };
          const pageQ = buildListSegment(db.kysely, actor, req, today, 'values', 51).compile();
          const hitsQ = db.kysely.selectFrom(searchSeqs(db.kysely, q).as('h')).select((eb) => eb.fn.countAll<number>().as('n')).compile();
          const hits = (db.sqlite.prepare(hitsQ.sql).get(...(hitsQ.parameters as unknown[])) as { n: number }).n;
          return [q, { page: db.sqlite.prepare(pageQ.sql), pageParams: pageQ.parameters as unknown[], hits }] as const;
        }),
      );
      const c = await compare(
        list,
        (q) => call('customers.list', { q, limit: 50 }),
        (q) => {
          const p = prepared.get(q)!;
          return p.page.all(...p.pageParams);
        },
      );
      const hits = [...prepared.values()].map((p) => p.hits);
      out.push(msFigure(name, c, 'goal median < 2, p95 < 5 ms', `${list.length} terms (e.g. ${list[0]}); firm-wide matches median ${median(hits)}, max ${Math.max(...hits)}; ${hits.filter((h) => h > SEARCH_CAP).length} over the ${SEARCH_CAP} cap`));
    }

    // The list with two filters and a sort; the next page from the first page's cursor.
    const filter: CustomerFilter = { statuses: ['active'], riskLevels: ['C3', 'C4'] };
    const listSort = { field: 'lastContact' as const, dir: 'desc' as const };
    const first = (await call('customers.list', { filter, sort: listSort, limit: 50 })) as { nextCursor: string | null };
    for (const [figName, after] of [['list.firstPage', undefined], ['list.nextPage', first.nextCursor ?? undefined]] as const) {
      if (!env.wanted(figName)) continue;
      const req: ListRequest = { filter, sort: listSort, after: after ? decodeCursor(after, listSort) : undefined, limit: 50 };
      const seg = buildListSegment(db.kysely, actor, req, today, segmentsFor(listSort, req.after)[0]!, 51).compile();
      const stmt = db.sqlite.prepare(seg.sql);
      const params = seg.parameters as unknown[];
      const c = await compare([0], () => call('customers.list', { filter, sort: listSort, limit: 50, ...(after ? { after } : {}) }), () => stmt.all(...params));
      out.push(msFigure(figName, c, 'goal < 2 ms', 'status active + risk C3/C4, last contact desc'));
    }
    if (env.wanted('list.count')) {
      const countFilter: CustomerFilter = { statuses: ['dormant'], levels: ['gold', 'platinum'] };
      const q = buildCount(db.kysely, actor, { filter: countFilter }, today).compile();
      const stmt = db.sqlite.prepare(q.sql);
      const params = q.parameters as unknown[];
      const n = (stmt.get(...params) as { n: number }).n;
      const c = await compare([0], () => call('customers.count', { filter: countFilter }), () => stmt.get(...params), 3, 10);
      out.push(msFigure('list.count', c, 'no goal set', `status dormant + level gold/platinum: ${n} of the branch`));
    }
    if (env.wanted('list.countRanges')) {
      const filters: CustomerFilter[] = [
        { riskExpired: true },
        { idExpired: true },
        { elderly: true },
        { openFrom: '2020-01-01', openTo: '2020-12-31' },
        { lastContactFrom: '2026-09-01', lastContactTo: '2026-09-30' },
        { assetsMinFen: 100_000_000 },
      ];
      const prepared = filters.map((f) => {
        const q = buildCount(db.kysely, actor, { filter: f }, today).compile();
        return { stmt: db.sqlite.prepare(q.sql), params: q.parameters as unknown[] };
      });
      const counts = prepared.map((p) => (p.stmt.get(...p.params) as { n: number }).n);
      const c = await compare(
        filters.map((_, i) => i),
        (i) => call('customers.count', { filter: filters[i] }),
        (i) => prepared[i]!.stmt.get(...prepared[i]!.params),
        3,
        6,
      );
      out.push(msFigure('list.countRanges', c, 'no goal set', `risk expired, ID expired, elderly, opened in 2020, contacted in Sept 2026, assets ≥ 1M yuan: ${counts.join(', ')} of the branch (capped at 100,001)`));
    }
    if (env.wanted('customer.page')) {
      const ids = db.sqlite.prepare(`SELECT id FROM customers WHERE branch_id = ? AND seq % 991 = 0 LIMIT 60`).pluck().all(actor.branchId) as string[];
      const probe = await dispatch(app, clientId, 'customers.get', { id: ids[0]! });
      if (!probe.ok) {
        out.push(skipped('customer.page', 'ms/call', `skipped: customers.get answers ${probe.error.code}`));
      } else {
        const row = selectCustomerRows(db.kysely, actor).where('customers.id', '=', ids[0]!).compile();
        const stmt = db.sqlite.prepare(row.sql);
        const scopeParams = (row.parameters as unknown[]).slice(0, -1);
        const c = await compare(ids, (id) => call('customers.get', { id }), (id) => stmt.get(...scopeParams, id), 3, 40);
        out.push(msFigure('customer.page', c, 'goal < 10 ms', 'customers.get (record + every tab, audited) vs the bare list-row select'));
      }
    }
    await dispatch(app, clientId, 'auth.logout', {});
    return out;
  } finally {
    db.close();
  }
}

import { sql } from 'kysely';
import { customersContract } from '../../src-shared/customers/customers.contract';
import type { HandlersFor } from '../ipc/types';
import { customersInScope } from '../scope/scope';
import { shanghaiToday, toListRow } from './customers.queries';
import {
  COUNT_CAP,
  SORT_SPECS,
  countCustomers,
  buildListSegment,
  decodeCursor,
  encodeCursor,
  segmentsFor,
  type ListSegmentRow,
} from './list-shapes';

type C = typeof customersContract;
type Only<K extends keyof C> = { [M in K]: C[M] };

/** The customer list: declared filter and sort shapes (list-shapes.ts), keyset pages, counts. */
export const customersListHandlers = {
  'customers.list': async (input, { app, db, actor }) => {
    const today = shanghaiToday(app.now());
    // Decode first: a bad cursor is the caller's mistake whatever else the input says.
    const after = input.after === undefined ? undefined : decodeCursor(input.after, input.sort);
    const q = input.q ? input.q : undefined;
    const req = { q, filter: input.filter, sort: input.sort, after, limit: input.limit };
    // One row past the page says whether there is a next one.
    const rows: ListSegmentRow[] = [];
    for (const segment of segmentsFor(input.sort, after)) {
      const need = input.limit + 1 - rows.length;
      if (need <= 0) break;
      rows.push(...(await buildListSegment(db, actor, req, today, segment, need).execute()));
    }
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    const column = SORT_SPECS[input.sort.field].column;
    const nextCursor = rows.length > input.limit && last ? encodeCursor({ f: input.sort.field, d: input.sort.dir, k: last[column], s: last.seq }) : null;
    return { rows: page.map((r) => toListRow(r, today)), nextCursor };
  },

  'customers.count': async (input, { app, db, actor }) => {
    const n = await countCustomers(db, actor, input, shanghaiToday(app.now()));
    return n > COUNT_CAP ? { count: COUNT_CAP, capped: true } : { count: n, capped: false };
  },

  /**
   * Branch and firm-wide scopes count tag rows by the branch they carry (a tag row's branch is
   * its customer's), from the covering index tags_branch alone: joining every tagged customer
   * of a 400k-customer branch took 1.7 s. An account manager's book is small: it joins.
   */
  'customers.tagsInUse': async (_input, { db, actor }) => {
    const rows =
      actor.scope === 'own'
        ? await customersInScope(db, actor)
            .innerJoin('customer_tags as t', 't.customer_id', 'customers.id')
            .where('t.deleted_at', 'is', null)
            .select(['t.tag', sql<number>`count(*)`.as('n')])
            .groupBy('t.tag')
            .orderBy(sql`count(*)`, 'desc')
            .orderBy('t.tag')
            .execute()
        : await db
            .selectFrom('customer_tags as t')
            .$if(actor.scope === 'branch', (q) => q.where('t.branch_id', '=', actor.branchId))
            .where('t.deleted_at', 'is', null)
            .select(['t.tag', sql<number>`count(*)`.as('n')])
            .groupBy('t.tag')
            .orderBy(sql`count(*)`, 'desc')
            .orderBy('t.tag')
            .execute();
    return rows.map((r) => ({ tag: r.tag, count: r.n }));
  },
} satisfies HandlersFor<Only<'customers.list' | 'customers.count' | 'customers.tagsInUse'>>;

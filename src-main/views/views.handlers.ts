import { v7 as uuidv7 } from 'uuid';
import { viewsContract, type SavedViewDto } from '../../src-shared/views/views.contract';
import { AppError, fieldError } from '../../src-shared/rpc/errors';
import { OK } from '../../src-shared/lib/common';
import type { HandlersFor } from '../ipc/types';
import type { SavedViewsTable } from '../db/schema';

/** A view's state is filters, sort and columns: a few hundred bytes. The cap keeps a bad client from filling the file. */
const MAX_STATE_CHARS = 20_000;
const MAX_VIEWS_PER_PAGE = 100;

function toDto(r: SavedViewsTable): SavedViewDto {
  return { id: r.id, page: r.page as SavedViewDto['page'], name: r.name, state: JSON.parse(r.state) as Record<string, unknown>, updatedAt: r.updated_at };
}

/** Named list views, each user's own: every statement is cut to the caller's user id. */
export const viewsHandlers = {
  'views.list': async (input, { db, actor }) => {
    const rows = await db.selectFrom('saved_views').selectAll().where('user_id', '=', actor.userId).where('page', '=', input.page).orderBy('name').execute();
    return rows.map(toDto);
  },

  /** Saving under an existing name overwrites that view (unique per user, page and name). */
  'views.save': async (input, { app, db, actor, audit }) => {
    const state = JSON.stringify(input.state);
    if (state.length > MAX_STATE_CHARS) throw fieldError(['state'], 'validation.tooLong');
    const now = app.now().toISOString();
    const existing = await db.selectFrom('saved_views').select('id').where('user_id', '=', actor.userId).where('page', '=', input.page).where('name', '=', input.name).executeTakeFirst();
    let id: string;
    if (existing) {
      id = existing.id;
      await db.updateTable('saved_views').set({ state, updated_at: now }).where('id', '=', id).execute();
    } else {
      const count = await db.selectFrom('saved_views').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', actor.userId).where('page', '=', input.page).executeTakeFirstOrThrow();
      if (count.n >= MAX_VIEWS_PER_PAGE) throw fieldError(['name'], 'validation.tooMany');
      id = uuidv7();
      await db.insertInto('saved_views').values({ id, user_id: actor.userId, page: input.page, name: input.name, state, created_at: now, updated_at: now }).execute();
    }
    audit.targetType = 'view';
    audit.targetId = id;
    return toDto(await db.selectFrom('saved_views').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  },

  /** Another user's view answers NOT_FOUND, exactly like a missing one. */
  'views.remove': async (input, { db, actor, audit }) => {
    const r = await db.deleteFrom('saved_views').where('id', '=', input.id).where('user_id', '=', actor.userId).executeTakeFirst();
    if (r.numDeletedRows === 0n) throw new AppError('NOT_FOUND', 'error.views.notFound');
    audit.targetType = 'view';
    audit.targetId = input.id;
    return OK;
  },
} satisfies HandlersFor<typeof viewsContract>;

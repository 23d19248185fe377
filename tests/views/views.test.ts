import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { makeTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
afterEach(() => t?.close());

const state = { filter: { levels: ['gold'] }, sort: { field: 'assets', dir: 'desc' }, columns: ['name', 'assets'] };

describe('saved views', () => {
  it('saves, lists by name and overwrites a view of the same name', async () => {
    t = await makeTestApp();
    const c = await t.login('am1');
    const gold = await t.ok(c, 'views.save', { page: 'customers', name: '金卡客户', state });
    expect(gold).toEqual({ id: expect.any(String), page: 'customers', name: '金卡客户', state, updatedAt: expect.any(String) });
    const all = await t.ok(c, 'views.save', { page: 'customers', name: ' 全部 ', state: {} });
    expect(all.name).toBe('全部');
    const changed = await t.ok(c, 'views.save', { page: 'customers', name: '金卡客户', state: { filter: { levels: ['gold', 'platinum'] } } });
    expect(changed.id).toBe(gold.id);
    expect(await t.ok(c, 'views.list', { page: 'customers' })).toEqual([
      { id: all.id, page: 'customers', name: '全部', state: {}, updatedAt: all.updatedAt },
      { id: gold.id, page: 'customers', name: '金卡客户', state: { filter: { levels: ['gold', 'platinum'] } }, updatedAt: changed.updatedAt },
    ]);
  });

  it("each user sees and removes only their own views; another's answers NOT_FOUND", async () => {
    t = await makeTestApp();
    const mine = await t.login('am1');
    const theirs = await t.login('am1b');
    const v = await t.ok(mine, 'views.save', { page: 'customers', name: '我的视图', state });
    expect(await t.ok(theirs, 'views.list', { page: 'customers' })).toEqual([]);
    const steal = await t.call(theirs, 'views.remove', { id: v.id });
    expect(steal).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'error.views.notFound' } });
    // The same name is free for someone else.
    expect((await t.ok(theirs, 'views.save', { page: 'customers', name: '我的视图', state: {} })).id).not.toBe(v.id);
    expect(await t.ok(mine, 'views.remove', { id: v.id })).toEqual({ ok: true });
    expect(await t.ok(mine, 'views.list', { page: 'customers' })).toEqual([]);
    const again = await t.call(mine, 'views.remove', { id: uuidv7() });
    expect(again.ok ? null : again.error.code).toBe('NOT_FOUND');
  });

  it('refuses an empty name, an unknown page and an oversized state', async () => {
    t = await makeTestApp();
    const c = await t.login('cs1');
    const empty = await t.call(c, 'views.save', { page: 'customers', name: '  ', state });
    expect(empty.ok ? null : empty.error.issues).toEqual([{ path: ['name'], message: 'validation.required' }]);
    const page = await t.call(c, 'views.save', { page: 'users' as 'customers', name: 'x', state });
    expect(page.ok ? null : page.error.issues?.map((i) => i.path)).toEqual([['page']]);
    const big = await t.call(c, 'views.save', { page: 'customers', name: 'big', state: { blob: 'x'.repeat(20_001) } });
    expect(big.ok ? null : big.error.issues).toEqual([{ path: ['state'], message: 'validation.tooLong' }]);
    expect(t.db.sqlite.prepare('SELECT count(*) AS n FROM saved_views').get()).toEqual({ n: 0 });
  });
});

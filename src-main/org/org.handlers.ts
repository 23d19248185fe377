import { v7 as uuidv7 } from 'uuid';
import { orgContract, type OrgUnitDto } from '../../src-shared/org/org.contract';
import { fieldError } from '../../src-shared/rpc/errors';
import type { HandlersFor } from '../ipc/types';

const columns = ['id', 'kind', 'code', 'name', 'parent_id', 'status'] as const;
const toDto = (r: { id: string; kind: OrgUnitDto['kind']; code: string; name: string; parent_id: string | null; status: OrgUnitDto['status'] }): OrgUnitDto => ({
  id: r.id,
  kind: r.kind,
  code: r.code,
  name: r.name,
  parentId: r.parent_id,
  status: r.status,
});

export const orgHandlers = {
  /** The org tree is not personal data: every role with org.read sees all units (names, codes). */
  'org.list': async (_input, { db }) => {
    const rows = await db.selectFrom('org_units').select(columns).where('deleted_at', 'is', null).orderBy('kind').orderBy('code').execute();
    return rows.map(toDto);
  },

  'org.createBranch': async (input, { app, db, audit }) => {
    const hq = await db.selectFrom('org_units').select('id').where('kind', '=', 'hq').executeTakeFirstOrThrow();
    const taken = await db.selectFrom('org_units').select('id').where('code', '=', input.code).where('deleted_at', 'is', null).executeTakeFirst();
    if (taken) throw fieldError(['code'], 'validation.orgCode.taken');
    const id = uuidv7();
    const now = app.now().toISOString();
    await db.insertInto('org_units').values({ id, kind: 'branch', code: input.code, name: input.name, parent_id: hq.id, branch_id: id, status: 'active', created_at: now, updated_at: now, deleted_at: null }).execute();
    audit.targetType = 'org_unit';
    audit.targetId = id;
    return toDto(await db.selectFrom('org_units').select(columns).where('id', '=', id).executeTakeFirstOrThrow());
  },
} satisfies HandlersFor<typeof orgContract>;

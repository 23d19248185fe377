import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import type { Database as Schema } from '../db/schema';
import type { Actor } from '../ipc/types';
import type { ApprovalDto } from '../../src-shared/approvals/approvals.contract';

export async function createApproval(
  db: Kysely<Schema>,
  a: { method: string; input: unknown; maker: Actor; branchId: string; summary: Record<string, string | number>; now: Date },
): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('approvals')
    .values({ id, method: a.method, input: JSON.stringify(a.input), summary: JSON.stringify(a.summary), maker_id: a.maker.userId, branch_id: a.branchId, status: 'pending', created_at: a.now.toISOString(), checker_id: null, decided_at: null, note: null, error_code: null })
    .execute();
  return id;
}

export function selectApprovals(db: Kysely<Schema>) {
  return db
    .selectFrom('approvals as a')
    .innerJoin('users as m', 'm.id', 'a.maker_id')
    .leftJoin('users as c', 'c.id', 'a.checker_id')
    .select(['a.id', 'a.method', 'a.summary', 'a.maker_id', 'm.display_name as maker_name', 'a.created_at', 'a.status', 'a.checker_id', 'c.display_name as checker_name', 'a.decided_at', 'a.note', 'a.error_code', 'a.branch_id', 'a.input']);
}

type Row = {
  id: string;
  method: string;
  summary: string;
  maker_id: string;
  maker_name: string;
  created_at: string;
  status: ApprovalDto['status'];
  checker_id: string | null;
  checker_name: string | null;
  decided_at: string | null;
  note: string | null;
  error_code: string | null;
};

export function toApprovalDto(r: Row): ApprovalDto {
  return {
    id: r.id,
    method: r.method,
    summaryParams: JSON.parse(r.summary) as Record<string, string | number>,
    makerId: r.maker_id,
    makerName: r.maker_name,
    createdAt: r.created_at,
    status: r.status,
    checkerId: r.checker_id,
    checkerName: r.checker_name,
    decidedAt: r.decided_at,
    note: r.note,
    errorCode: r.error_code,
  };
}

import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import type { Database as Schema } from '../db/schema';

export type AuditEntry = {
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  actorId?: string | null;
  actorLogin?: string | null;
  approverId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  errorCode?: string | null;
  branchId?: string | null;
  /** Non-personal facts only: counts, codes, field names — never a name, ID number or phone. */
  detail?: Record<string, string | number | boolean> | null;
};

export async function writeAudit(db: Kysely<Schema>, e: AuditEntry, at = new Date()): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: uuidv7(),
      at: at.toISOString(),
      actor_id: e.actorId ?? null,
      actor_login: e.actorLogin ?? null,
      approver_id: e.approverId ?? null,
      action: e.action,
      target_type: e.targetType ?? null,
      target_id: e.targetId ?? null,
      outcome: e.outcome,
      error_code: e.errorCode ?? null,
      branch_id: e.branchId ?? null,
      detail: e.detail ? JSON.stringify(e.detail) : null,
    })
    .execute();
}

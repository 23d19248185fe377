import { z } from 'zod';
import { method } from '../rpc/define';
import { zId } from '../lib/common';

export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;

export const zAuditRow = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorLogin: z.string().nullable(),
  approverId: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  errorCode: z.string().nullable(),
  branchId: z.string().nullable(),
});
export type AuditRowDto = z.infer<typeof zAuditRow>;

export const auditContract = {
  'audit.list': method({
    kind: 'query',
    access: 'audit.read',
    input: z
      .object({
        action: z.string().max(60).optional(),
        actorId: zId.optional(),
        outcome: z.enum(AUDIT_OUTCOMES).optional(),
        /** Keyset cursor: the id of the last row of the previous page (ids sort by time). */
        before: zId.optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    output: z.object({ rows: z.array(zAuditRow), nextCursor: z.string().nullable() }),
  }),
} as const;

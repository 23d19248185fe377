import { z } from 'zod';
import { method } from '../rpc/define';
import { zId, zOk, zText } from '../lib/common';

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'failed'] as const;

export const zApproval = z.object({
  id: z.string(),
  method: z.string(),
  /** Non-personal summary of the request, rendered from a catalogue key (`approval.summary.<method>`). */
  summaryParams: z.record(z.string(), z.union([z.string(), z.number()])),
  makerId: z.string(),
  makerName: z.string(),
  createdAt: z.string(),
  status: z.enum(APPROVAL_STATUSES),
  checkerId: z.string().nullable(),
  checkerName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
  errorCode: z.string().nullable(),
});
export type ApprovalDto = z.infer<typeof zApproval>;

export const approvalsContract = {
  'approvals.list': method({
    kind: 'query',
    access: 'approvals.read',
    input: z.object({ status: z.enum(APPROVAL_STATUSES).optional() }).strict(),
    output: z.array(zApproval),
  }),
  'approvals.approve': method({
    kind: 'mutation',
    access: 'approvals.decide',
    input: z.object({ id: zId, note: z.string().trim().max(200).optional() }).strict(),
    output: zApproval,
  }),
  'approvals.reject': method({
    kind: 'mutation',
    access: 'approvals.decide',
    input: z.object({ id: zId, note: zText(200) }).strict(),
    output: zApproval,
  }),
  /** The maker withdraws their own pending request. */
  'approvals.cancel': method({
    kind: 'mutation',
    access: 'session',
    input: z.object({ id: zId }).strict(),
    output: zOk,
  }),
} as const;

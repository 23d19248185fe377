import { z } from 'zod';
import { method } from '../rpc/define';
import { DATA_SCOPES, PERMISSIONS, ROLES } from './roles';
import { zEmpty, zOk, zText } from '../lib/common';

export const zLogin = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9._-]{2,31}$/, { error: 'validation.login' });

/** Password policy: 10–128 characters with at least one letter and one digit. */
export const zNewPassword = z
  .string()
  .min(10, { error: 'validation.password.tooShort' })
  .max(128, { error: 'validation.tooLong' })
  .refine((p) => /[A-Za-z]/.test(p) && /[0-9]/.test(p), { error: 'validation.password.weak' });

export const zSessionInfo = z.object({
  user: z.object({
    id: z.string(),
    login: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    branchId: z.string(),
    branchName: z.string(),
    orgKind: z.enum(['hq', 'branch']),
  }),
  scope: z.enum(DATA_SCOPES),
  permissions: z.array(z.enum(PERMISSIONS)),
  /** This installation is HQ's: HQ's master data (users, products, questionnaires, org units) is changed here only. */
  hqNode: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  idleLockMinutes: z.number().int(),
});
export type SessionInfo = z.infer<typeof zSessionInfo>;

export const authContract = {
  'auth.status': method({
    kind: 'query',
    access: 'public',
    whileLocked: true,
    input: zEmpty,
    output: z.object({ needsSetup: z.boolean(), session: zSessionInfo.nullable() }),
  }),
  'auth.setupAdmin': method({
    kind: 'mutation',
    access: 'public',
    input: z.object({ hqName: zText(60), login: zLogin, displayName: zText(40), password: zNewPassword }),
    output: zSessionInfo,
  }),
  'auth.login': method({
    kind: 'mutation',
    access: 'public',
    input: z.object({ login: z.string().trim().toLowerCase().min(1, { error: 'validation.required' }).max(64), password: z.string().min(1, { error: 'validation.required' }).max(256) }),
    output: zSessionInfo,
  }),
  'auth.logout': method({ kind: 'mutation', access: 'session', whileLocked: true, beforePasswordChange: true, input: zEmpty, output: zOk }),
  'auth.lock': method({
    kind: 'mutation',
    access: 'session',
    beforePasswordChange: true,
    input: z.object({ reason: z.enum(['user', 'idle']) }),
    output: zOk,
  }),
  'auth.unlock': method({
    kind: 'mutation',
    access: 'session',
    whileLocked: true,
    beforePasswordChange: true,
    input: z.object({ password: z.string().min(1, { error: 'validation.required' }).max(256) }),
    output: zSessionInfo,
  }),
  /** Activity heartbeat from the renderer, so the idle lock follows the person, not the RPC traffic. */
  'auth.touch': method({ kind: 'query', access: 'session', beforePasswordChange: true, input: zEmpty, output: zOk }),
  'auth.changePassword': method({
    kind: 'mutation',
    access: 'session',
    beforePasswordChange: true,
    input: z.object({ currentPassword: z.string().min(1, { error: 'validation.required' }).max(256), newPassword: zNewPassword }),
    output: zSessionInfo,
  }),
} as const;

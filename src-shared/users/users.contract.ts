import { z } from 'zod';
import { method } from '../rpc/define';
import { ROLES } from '../auth/roles';
import { zLogin, zNewPassword } from '../auth/auth.contract';
import { zId, zOk, zText } from '../lib/common';

export const zUser = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  branchId: z.string(),
  branchName: z.string(),
  teamId: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
});
export type UserDto = z.infer<typeof zUser>;

export const usersContract = {
  'users.list': method({
    kind: 'query',
    access: 'users.read',
    input: z.object({ branchId: zId.optional() }).strict(),
    output: z.array(zUser),
  }),
  'users.create': method({
    hqData: true,
    kind: 'mutation',
    access: 'users.manage',
    input: z
      .object({
        login: zLogin,
        displayName: zText(40),
        role: z.enum(ROLES),
        branchId: zId,
        teamId: zId.nullable().optional(),
        password: zNewPassword,
      })
      .strict(),
    output: zUser,
  }),
  /** Changing a role changes what a person may see: four-eyes (复核). */
  'users.changeRole': method({
    hqData: true,
    kind: 'mutation',
    access: 'users.manage',
    fourEyes: { approver: 'approvals.decide' },
    input: z.object({ userId: zId, role: z.enum(ROLES) }).strict(),
    output: zUser,
  }),
  'users.setStatus': method({
    hqData: true,
    kind: 'mutation',
    access: 'users.manage',
    input: z.object({ userId: zId, status: z.enum(['active', 'disabled']) }).strict(),
    output: zUser,
  }),
  'users.resetPassword': method({
    kind: 'mutation',
    access: 'users.manage',
    input: z.object({ userId: zId, newPassword: zNewPassword }).strict(),
    output: zOk,
  }),
} as const;

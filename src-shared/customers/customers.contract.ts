import { z } from 'zod';
import { method } from '../rpc/define';
import { zId, zText } from '../lib/common';
import { checkIdNumber, checkUscc } from '../lib/id-number';
import { isMainlandMobile, normalizeIdNumber, normalizeName, normalizePhone } from '../lib/normalize';

export const CUSTOMER_LEVELS = ['normal', 'silver', 'gold', 'platinum', 'diamond'] as const;
export const CUSTOMER_STATUSES = ['active', 'dormant', 'closed'] as const;
export const ID_TYPES = ['resident_id', 'passport', 'hk_mo_tw_permit', 'uscc'] as const;
export type IdType = (typeof ID_TYPES)[number];

export const zCustomerListRow = z.object({
  id: z.string(),
  customerNo: z.string(),
  name: z.string(),
  idType: z.enum(ID_TYPES),
  /** Masked unless the caller may see personal data unmasked. */
  idNo: z.string(),
  phone: z.string().nullable(),
  branchId: z.string(),
  managerId: z.string().nullable(),
  managerName: z.string().nullable(),
  level: z.enum(CUSTOMER_LEVELS),
  status: z.enum(CUSTOMER_STATUSES),
  assetsFen: z.number().int(),
});
export type CustomerListRow = z.infer<typeof zCustomerListRow>;
export const zCustomer = zCustomerListRow.extend({ version: z.number().int(), createdAt: z.string(), updatedAt: z.string() });
export type CustomerDto = z.infer<typeof zCustomer>;

export const zCustomerCursor = z.object({ assetsFen: z.number().int(), seq: z.number().int() }).strict();

/** Customer numbers: 6–20 digits (the trading system's 客户号). */
export const zCustomerNo = z.string().trim().transform(normalizeIdNumber).pipe(z.string().regex(/^\d{6,20}$/, { error: 'validation.customerNo' }));
export const zPhone = z
  .string()
  .transform(normalizePhone)
  .refine(isMainlandMobile, { error: 'validation.phone' });

export const zCustomerCreate = z
  .object({
    customerNo: zCustomerNo,
    name: z.string().transform(normalizeName).pipe(zText(60)),
    idType: z.enum(ID_TYPES),
    idNo: z.string().transform(normalizeIdNumber).pipe(z.string().min(1, { error: 'validation.required' }).max(30, { error: 'validation.tooLong' })),
    phone: zPhone.nullable().optional(),
    branchId: zId,
    managerId: zId.nullable().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const problem = c.idType === 'resident_id' ? checkIdNumber(c.idNo) : c.idType === 'uscc' ? checkUscc(c.idNo) : null;
    if (problem) ctx.addIssue({ code: 'custom', path: ['idNo'], message: `validation.idNo.${problem}` });
  });

export const customersContract = {
  'customers.list': method({
    kind: 'query',
    access: 'customers.read',
    input: z
      .object({
        q: z.string().trim().max(40).optional(),
        status: z.enum(CUSTOMER_STATUSES).optional(),
        branchId: zId.optional(),
        after: zCustomerCursor.optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    output: z.object({ rows: z.array(zCustomerListRow), nextCursor: zCustomerCursor.nullable() }),
  }),
  'customers.get': method({
    kind: 'query',
    access: 'customers.read',
    auditReads: true,
    input: z.object({ id: zId }).strict(),
    output: zCustomer,
  }),
  'customers.create': method({
    kind: 'mutation',
    access: 'customers.write',
    input: zCustomerCreate,
    output: zCustomer,
  }),
} as const;

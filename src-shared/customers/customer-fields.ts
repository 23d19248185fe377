import { z } from 'zod';
import { zText } from '../lib/common';
import { checkIdNumber, checkUscc } from '../lib/id-number';
import { isMainlandMobile, normalizeIdNumber, normalizeName, normalizePhone, toHalfWidth } from '../lib/normalize';

export const CUSTOMER_KINDS = ['individual', 'institution'] as const;
export const CUSTOMER_LEVELS = ['normal', 'silver', 'gold', 'platinum', 'diamond'] as const;
export const CUSTOMER_STATUSES = ['active', 'dormant', 'closed'] as const;
export const ID_TYPES = ['resident_id', 'passport', 'hk_mo_tw_permit', 'uscc'] as const;
export const RISK_LEVELS = ['C1', 'C2', 'C3', 'C4', 'C5'] as const;
export const INVESTOR_CATEGORIES = ['ordinary', 'professional'] as const;
export const INVEST_EXPERIENCE = ['none', 'lt1y', '1to3y', '3to5y', 'gt5y'] as const;
export const INVEST_HORIZONS = ['short', 'medium', 'long'] as const;
export const VARIETIES = ['stock', 'fund', 'bond', 'wealth', 'income_cert', 'derivative', 'margin'] as const;
export const EDUCATION = ['primary', 'secondary', 'college', 'bachelor', 'master', 'doctor'] as const;
export const INCOME_BANDS = ['lt100k', '100k_300k', '300k_500k', '500k_1m', 'gt1m'] as const;
export const SOURCE_CHANNELS = ['branch', 'online', 'referral', 'event', 'bank', 'other'] as const;
export type IdType = (typeof ID_TYPES)[number];

/** Age from which a customer is flagged as elderly (domain.md: 70 and over). */
export const ELDERLY_AGE = 70;
/** A long-term (长期) ID document's expiry. */
export const LONG_TERM_EXPIRY = '9999-12-31';

const zDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'validation.date' }).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), { error: 'validation.date' });
export const zDateOnly = zDate;
const optional = <T extends z.ZodType>(s: T) => s.nullable().optional();

/** Customer numbers: 6–20 digits (the trading system's 客户号). */
export const zCustomerNo = z.string().trim().transform(normalizeIdNumber).pipe(z.string().regex(/^\d{6,20}$/, { error: 'validation.customerNo' }));
export const zPhone = z.string().transform(normalizePhone).refine(isMainlandMobile, { error: 'validation.phone' });
export const zEmail = z.string().trim().transform(toHalfWidth).pipe(z.email({ error: 'validation.email' }).max(120, { error: 'validation.tooLong' }));
export const zName = z.string().transform(normalizeName).pipe(zText(60));
export const zTag = z.string().trim().transform(toHalfWidth).pipe(z.string().min(1, { error: 'validation.required' }).max(20, { error: 'validation.tooLong' }));

/**
 * The editable fields of a customer, shared by create, update and import, so every entry
 * path validates and normalises the same way. ID number rules depend on the ID type; the
 * object-level check below applies them (see `checkCustomerIdentity`).
 */
export const customerFieldShape = {
  customerNo: zCustomerNo,
  kind: z.enum(CUSTOMER_KINDS),
  name: zName,
  gender: optional(z.enum(['M', 'F'])),
  birthDate: optional(zDate),
  idType: z.enum(ID_TYPES),
  idNo: z.string().transform(normalizeIdNumber).pipe(z.string().min(1, { error: 'validation.required' }).max(30, { error: 'validation.tooLong' })),
  idExpiry: optional(zDate),
  nationality: optional(z.string().trim().max(40, { error: 'validation.tooLong' })),
  occupation: optional(z.string().trim().max(40, { error: 'validation.tooLong' })),
  education: optional(z.enum(EDUCATION)),
  incomeBand: optional(z.enum(INCOME_BANDS)),
  address: optional(z.string().trim().transform(toHalfWidth).pipe(z.string().max(200, { error: 'validation.tooLong' }))),
  phone: optional(zPhone),
  phone2: optional(zPhone),
  email: optional(zEmail),
  wechat: optional(z.string().trim().max(40, { error: 'validation.tooLong' })),
  openDate: optional(zDate),
  sourceChannel: optional(z.enum(SOURCE_CHANNELS)),
  investExperience: optional(z.enum(INVEST_EXPERIENCE)),
  investHorizon: optional(z.enum(INVEST_HORIZONS)),
  preferredVarieties: z.array(z.enum(VARIETIES)).max(VARIETIES.length).optional(),
  notes: optional(z.string().trim().max(2000, { error: 'validation.tooLong' })),
} as const;

type IdentityInput = { kind?: string; idType?: string; idNo?: string; birthDate?: string | null; gender?: string | null };
export type FieldProblem = { path: string[]; message: string };

/**
 * Cross-field identity rules: a resident ID's check digit and birth date; a unified social
 * credit code for institutions; an individual never carries a USCC, an institution only one.
 * Only the fields present are checked (a patch may carry a few).
 */
export function identityProblems(c: IdentityInput): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (c.idType !== undefined && c.idNo !== undefined) {
    const problem = c.idType === 'resident_id' ? checkIdNumber(c.idNo) : c.idType === 'uscc' ? checkUscc(c.idNo) : null;
    if (problem) out.push({ path: ['idNo'], message: `validation.idNo.${problem}` });
    if (!problem && c.idType === 'resident_id' && c.birthDate && c.idNo.slice(6, 14) !== c.birthDate.replace(/-/g, '')) {
      out.push({ path: ['birthDate'], message: 'validation.birthDate.mismatch' });
    }
  }
  if (c.kind !== undefined && c.idType !== undefined) {
    if (c.kind === 'institution' && c.idType !== 'uscc') out.push({ path: ['idType'], message: 'validation.idType.institution' });
    if (c.kind === 'individual' && c.idType === 'uscc') out.push({ path: ['idType'], message: 'validation.idType.individual' });
  }
  return out;
}

/** As a zod refinement, with the problems' paths under `prefix`. */
export function refineIdentity<T>(pick: (v: T) => IdentityInput, prefix: string[] = []) {
  return (v: T, ctx: z.RefinementCtx): void => {
    for (const p of identityProblems(pick(v))) ctx.addIssue({ code: 'custom', path: [...prefix, ...p.path], message: p.message });
  };
}

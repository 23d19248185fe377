import { z } from 'zod';
import { method } from '../rpc/define';
import { zEmpty, zText } from '../lib/common';

export const zOrgUnit = z.object({
  id: z.string(),
  kind: z.enum(['hq', 'branch', 'team']),
  code: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  status: z.enum(['active', 'closed']),
});
export type OrgUnitDto = z.infer<typeof zOrgUnit>;

export const orgContract = {
  'org.list': method({ kind: 'query', access: 'org.read', input: zEmpty, output: z.array(zOrgUnit) }),
  'org.createBranch': method({
    hqData: true,
    kind: 'mutation',
    access: 'org.manage',
    input: z
      .object({
        code: z.string().trim().regex(/^[0-9A-Z]{2,8}$/, { error: 'validation.orgCode' }),
        name: zText(60),
      })
      .strict(),
    output: zOrgUnit,
  }),
} as const;

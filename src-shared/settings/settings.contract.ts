import { z } from 'zod';
import { method } from '../rpc/define';
import { zEmpty } from '../lib/common';

export const zSettings = z.object({
  /** Minutes without activity before the session locks. */
  idleLockMinutes: z.number().int().min(1).max(240),
  /** Customer level thresholds in fen of total assets (domain.md: thresholds are settings). */
  levelThresholdsFen: z.object({
    silver: z.number().int().nonnegative(),
    gold: z.number().int().nonnegative(),
    platinum: z.number().int().nonnegative(),
    diamond: z.number().int().nonnegative(),
  }),
});
export type SettingsDto = z.infer<typeof zSettings>;

export const settingsContract = {
  'settings.get': method({ kind: 'query', access: 'session', input: zEmpty, output: zSettings }),
  'settings.update': method({ kind: 'mutation', access: 'settings.manage', input: zSettings.partial().strict(), output: zSettings }),
} as const;

import { z } from 'zod';
import { method } from '../rpc/define';
import { zId, zOk, zText } from '../lib/common';

export const VIEW_PAGES = ['customers'] as const;

/** A named list view: filters, sort and visible columns, saved per user. `state` is the page's own shape. */
export const zSavedView = z.object({ id: z.string(), page: z.enum(VIEW_PAGES), name: z.string(), state: z.record(z.string(), z.unknown()), updatedAt: z.string() });
export type SavedViewDto = z.infer<typeof zSavedView>;

export const viewsContract = {
  'views.list': method({ kind: 'query', access: 'session', input: z.object({ page: z.enum(VIEW_PAGES) }).strict(), output: z.array(zSavedView) }),
  /** Create or overwrite the caller's view of that name. */
  'views.save': method({
    kind: 'mutation',
    access: 'session',
    input: z.object({ page: z.enum(VIEW_PAGES), name: zText(40), state: z.record(z.string(), z.unknown()) }).strict(),
    output: zSavedView,
  }),
  'views.remove': method({ kind: 'mutation', access: 'session', input: z.object({ id: zId }).strict(), output: zOk }),
} as const;

import { z } from 'zod';

/** Global row ids are UUIDv7 strings (architecture.md: synced keys are never autoincrement). */
export const zId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: 'validation.id' });
export const zIsoDateTime = z.string();
export const zEmpty = z.object({}).strict();
export const zOk = z.object({ ok: z.literal(true) });
export type Ok = z.infer<typeof zOk>;
export const OK: Ok = { ok: true };
/** Trimmed, non-empty display text of bounded length. */
export const zText = (max: number) =>
  z.string().trim().min(1, { error: 'validation.required' }).max(max, { error: 'validation.tooLong' });

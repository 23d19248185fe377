import { z } from 'zod';

/** Events pushed from main to the renderer (`bridge.on(name, handler)`). */
export const eventSchemas = {
  'session.locked': z.object({ reason: z.enum(['user', 'idle']) }),
  'session.ended': z.object({ reason: z.enum(['logout', 'disabled']) }),
  'job.progress': z.object({ jobId: z.string(), done: z.number(), total: z.number().nullable(), phase: z.string() }),
} as const;
export type EventName = keyof typeof eventSchemas;
export type EventPayload<E extends EventName> = z.infer<(typeof eventSchemas)[E]>;
export const EVENT_NAMES = Object.keys(eventSchemas) as EventName[];

import type { z } from 'zod';
import type { RpcIssue } from './errors';

/**
 * A zod issue as a catalogue-keyed field error: the schema's own message when it is a key
 * (`validation.*`), else `validation.<zod code>` with min/max params. Main and the renderer
 * both use it, so a field shows the same words whichever side caught the problem.
 */
export function issueFromZod(i: z.ZodError['issues'][number]): RpcIssue {
  const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (i.message.startsWith('validation.')) return { path, message: i.message };
  const params: Record<string, string | number> = {};
  if ('minimum' in i && (typeof i.minimum === 'number' || typeof i.minimum === 'bigint')) params.min = Number(i.minimum);
  if ('maximum' in i && (typeof i.maximum === 'number' || typeof i.maximum === 'bigint')) params.max = Number(i.maximum);
  const message = `validation.${i.code}`;
  return Object.keys(params).length ? { path, message, params } : { path, message };
}

import { z } from 'zod';
import { method } from '../rpc/define';

/**
 * Files cross IPC as opaque handles, never paths (architecture.md). In the app a handle comes
 * from a native dialog shown by main; in the browser test host, from an upload.
 */
export const zFileHandle = z.string().regex(/^fh_[A-Za-z0-9_-]{22}$/, { error: 'validation.fileHandle' });
export const zFileInfo = z.object({ handle: z.string(), name: z.string(), size: z.number().int().nullable(), mode: z.enum(['read', 'write']) });
export type FileInfo = z.infer<typeof zFileInfo>;

export const filesContract = {
  'files.chooseOpen': method({
    kind: 'query',
    access: 'session',
    input: z.object({ extensions: z.array(z.string().regex(/^[a-z0-9]{1,8}$/)).max(10) }).strict(),
    output: zFileInfo.nullable(),
  }),
  'files.chooseSave': method({
    kind: 'query',
    access: 'session',
    input: z.object({ suggestedName: z.string().max(120), extensions: z.array(z.string().regex(/^[a-z0-9]{1,8}$/)).max(10) }).strict(),
    output: zFileInfo.nullable(),
  }),
  'files.stat': method({ kind: 'query', access: 'session', input: z.object({ handle: zFileHandle }).strict(), output: zFileInfo }),
} as const;

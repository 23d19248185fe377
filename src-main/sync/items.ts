import { z } from 'zod';

/**
 * What a bundle's payload carries, one JSON object per line (short keys: a week of a branch's
 * work is half a million of them). Every item is validated before anything is applied.
 *
 * * `op`: one captured op with its origin key, link_seq `s`, the row's owning branch `br`
 *   and, for a move, the branch before `pb`. `v` is the op's JSON text as captured.
 * * `row`: one row as it stands (a snapshot: a customer newly given to the peer, or an
 *   enrollment), its cell clocks `ck` (`''`: the row's own clock) and its history `h`.
 */
const hlc = z.string().regex(/^\d{15}-\d{6}-[0-9a-zA-Z_-]{1,64}$/);
const ident = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/);
const id = z.string().min(1).max(64);

export const opItemSchema = z.object({
  t: z.literal('op'),
  s: z.number().int().nonnegative(),
  o: id,
  q: z.number().int().positive(),
  tb: ident,
  r: id,
  k: z.enum(['insert', 'update', 'delete']),
  c: ident.nullable(),
  v: z.string().max(8_000_000).nullable(),
  h: hlc,
  b: hlc.nullable(),
  a: z.string().max(64),
  br: id,
  pb: id.nullable(),
});

const historyTuple = z.tuple([z.enum(['insert', 'update', 'delete']), ident.nullable(), z.string().nullable(), z.string().nullable(), hlc, z.string().max(64), id]);

export const rowItemSchema = z.object({
  t: z.literal('row'),
  s: z.number().int().nonnegative(),
  tb: ident,
  r: id,
  v: z.string().max(8_000_000),
  ck: z.record(z.string().max(63), hlc),
  h: z.array(historyTuple).optional(),
});

export const bundleItemSchema = z.discriminatedUnion('t', [opItemSchema, rowItemSchema]);

export type OpItem = z.infer<typeof opItemSchema>;
export type RowItem = z.infer<typeof rowItemSchema>;
export type BundleItem = z.infer<typeof bundleItemSchema>;
export type HistoryTuple = z.infer<typeof historyTuple>;

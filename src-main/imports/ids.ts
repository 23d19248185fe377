import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/**
 * UUIDv7 ids for rows an import inserts, with their random bits drawn from a pooled buffer: the
 * uuid package asks the OS for 16 random bytes per id, which at 100,000+ rows per import was a
 * measurable share of the apply. Time-ordered to the millisecond like every id (architecture.md).
 */
const POOL_BYTES = 64 * 1024;
let pool = Buffer.alloc(0);
let offset = 0;

export function newRowId(): string {
  if (offset + 16 > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    offset = 0;
  }
  const random = pool.subarray(offset, offset + 16);
  offset += 16;
  return uuidv7({ random });
}

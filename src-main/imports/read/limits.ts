import type { ReadLimits } from './types';

const MiB = 1024 * 1024;

/**
 * Default caps for a file to import (issue 5, "Safety"). Sized for the largest legitimate
 * trading-system export we expect (1,000,000 daily-asset rows); tests lower them.
 * Excel itself allows 1,048,576 rows, 16,384 columns and 32,767 characters per cell.
 */
export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxFileBytes: 200 * MiB,
  maxUncompressedBytes: 1024 * MiB,
  maxCompressionRatio: 200,
  maxRows: 1_100_000,
  maxCellChars: 32_767,
  maxColumns: 500,
};

/**
 * The compression-ratio cap applies to entries that inflate to at least this much: a few
 * kilobytes of repeated XML legitimately compress far better than 200:1, and cannot hurt.
 */
export const RATIO_CHECK_MIN_BYTES = 1 * MiB;

export function resolveLimits(partial: Partial<ReadLimits> | undefined): ReadLimits {
  return { ...DEFAULT_READ_LIMITS, ...(partial ?? {}) };
}

/** Megabytes with one decimal, for messages. */
export function toMb(bytes: number): number {
  return Math.round((bytes / MiB) * 10) / 10;
}

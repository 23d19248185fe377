/**
 * Catalogue part: sync. Spread into zh-CN.ts and en.ts; the English half is typed by the
 * Chinese one, so a missing or extra key fails to compile.
 */
export const syncZhCN = {} as const;

export const syncEn: Record<keyof typeof syncZhCN, string> = {};

/**
 * Catalogue part: sync-ui. Spread into zh-CN.ts and en.ts; the English half is typed by the
 * Chinese one, so a missing or extra key fails to compile.
 */
export const syncUiZhCN = {} as const;

export const syncUiEn: Record<keyof typeof syncUiZhCN, string> = {};

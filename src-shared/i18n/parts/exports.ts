/**
 * Catalogue part: exports. Spread into zh-CN.ts and en.ts; the English half is typed by the
 * Chinese one, so a missing or extra key fails to compile.
 */
export const exportsZhCN = {
} as const;

export const exportsEn: Record<keyof typeof exportsZhCN, string> = {
};

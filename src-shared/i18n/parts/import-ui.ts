/**
 * Catalogue part: import-ui. Spread into zh-CN.ts and en.ts; the English half is typed by the
 * Chinese one, so a missing or extra key fails to compile.
 */
export const importUiZhCN = {
} as const;

export const importUiEn: Record<keyof typeof importUiZhCN, string> = {
};

/**
 * Catalogue part: import-files. Spread into zh-CN.ts and en.ts; the English half is typed by the
 * Chinese one, so a missing or extra key fails to compile.
 */
export const importFilesZhCN = {
} as const;

export const importFilesEn: Record<keyof typeof importFilesZhCN, string> = {
};

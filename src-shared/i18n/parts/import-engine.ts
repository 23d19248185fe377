/**
 * Catalogue part: import-engine. Spread into zh-CN.ts and en.ts; the English half is typed by the
 * Chinese one, so a missing or extra key fails to compile.
 */
export const importEngineZhCN = {
} as const;

export const importEngineEn: Record<keyof typeof importEngineZhCN, string> = {
};

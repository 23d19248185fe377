/** Money crosses IPC and sits in the database as integer fen; formatted only at the edge. */
export function fenToYuanString(fen: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(fen / 100);
}

/**
 * PIPL masking for lists and exports (domain.md): a resident ID `110***********1234`. A shorter
 * document number (a passport's 9, a Hong Kong or Macau permit's 9–11) keeps its first
 * character (the document's letter) and last two, so no more than a third of it shows:
 * `E******78`; seven characters or fewer are masked whole.
 */
export function maskIdNumber(id: string): string {
  if (id.length <= 7) return '*'.repeat(id.length);
  if (id.length < 15) return id.slice(0, 1) + '*'.repeat(id.length - 3) + id.slice(-2);
  return id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
}

export function maskPhone(p: string): string {
  if (p.length < 7) return '*'.repeat(p.length);
  return p.slice(0, 3) + '*'.repeat(p.length - 7) + p.slice(-4);
}

/**
 * Free text that may hold a phone, ID or account number (a search term shown beside masked
 * rows, an export's cover): every run of more than four digits (an ID's X included) masked as
 * the list masks such numbers, the first three and last four kept of a long run, the last four
 * of a shorter one. A phone's or an ID's tail of four, which the list shows, stays.
 */
export function maskNumbersIn(text: string): string {
  return text.replace(/\d[\dXx]{4,}/g, (run) => (run.length >= 11 ? run.slice(0, 3) + '*'.repeat(run.length - 7) + run.slice(-4) : '*'.repeat(run.length - 4) + run.slice(-4)));
}

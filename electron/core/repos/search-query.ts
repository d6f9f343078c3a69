/**
 * Turns what a person types into the search box into an FTS5 MATCH expression: every word becomes a quoted
 * prefix term, so "иван петр" finds "Петров Иван", and no FTS syntax from the input is ever interpreted.
 * Phone-like input ("+7 (920) 746") collapses to one digit string, since phones are indexed as digit runs.
 * Returns null when there is nothing to search for.
 */
export function toFtsQuery(input: string): string | null {
  const text = input.normalize('NFKC').trim().toLowerCase().replaceAll('ё', 'е');
  if (text === '') return null;
  if (/^[\d\s+()\-.]+$/.test(text)) {
    const digits = text.replace(/\D/g, '');
    return digits === '' ? null : `"${digits}"*`;
  }
  const words = text.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  if (words.length === 0) return null;
  return words
    .slice(0, 8)
    .map((w) => `"${w}"*`)
    .join(' AND ');
}

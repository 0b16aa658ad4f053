/**
 * Which character separates the fields: comma, semicolon, tab or pipe. Each candidate splits the
 * first records of the file the way the real parser would (quotes respected), and the one that
 * gives the same field count (more than one) on the most records wins.
 */

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Records looked at; enough to see through a title line or a few ragged rows. */
const MAX_RECORDS = 200;

/** Field counts of the sample's records under `delimiter`, quotes respected, blank lines skipped. */
export function fieldCounts(sample: string, delimiter: string, complete: boolean): number[] {
  const d = delimiter.charCodeAt(0);
  const counts: number[] = [];
  let fields = 1;
  let empty = true;
  let inQuotes = false;
  let atFieldStart = true;
  const n = sample.length;
  for (let i = 0; i < n && counts.length < MAX_RECORDS; i++) {
    const c = sample.charCodeAt(i);
    if (inQuotes) {
      if (c === QUOTE) {
        if (sample.charCodeAt(i + 1) === QUOTE) i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === QUOTE && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
      empty = false;
    } else if (c === d) {
      fields++;
      atFieldStart = true;
      empty = false;
    } else if (c === LF || c === CR) {
      if (!empty) counts.push(fields);
      if (c === CR && sample.charCodeAt(i + 1) === LF) i++;
      fields = 1;
      empty = true;
      atFieldStart = true;
    } else if (c !== 32) {
      // Spaces before an opening quote are tolerated, as in the parser.
      atFieldStart = false;
      empty = false;
    }
  }
  // The last record of a partial sample may be cut short; only count it when the sample is the whole file.
  if (complete && !empty && !inQuotes && counts.length < MAX_RECORDS) counts.push(fields);
  return counts;
}

export interface DelimiterScore {
  delimiter: Delimiter;
  /** The most common field count. */
  fields: number;
  /** Share of records with that count (0–1). */
  consistency: number;
}

export function scoreDelimiter(sample: string, delimiter: Delimiter, complete: boolean): DelimiterScore {
  const counts = fieldCounts(sample, delimiter, complete);
  const frequency = new Map<number, number>();
  let fields = 1;
  let best = 0;
  for (const count of counts) {
    const f = (frequency.get(count) ?? 0) + 1;
    frequency.set(count, f);
    if (f > best || (f === best && count > fields)) {
      best = f;
      fields = count;
    }
  }
  return { delimiter, fields, consistency: counts.length === 0 ? 0 : best / counts.length };
}

/**
 * Picks the delimiter for `sample` (the start of the file), or null when no candidate splits the
 * records into more than one field: the file is then one column.
 *
 * @param complete whether the sample is the whole file
 * @param preferred the delimiter the file name suggests (tab for .tsv); it wins when it is nearly
 *   as consistent as the best candidate
 */
export function detectDelimiter(sample: string, complete: boolean, preferred?: Delimiter): Delimiter | null {
  const scores = DELIMITERS.map((d) => scoreDelimiter(sample, d, complete)).filter((s) => s.fields > 1);
  if (scores.length === 0) return null;
  scores.sort((a, b) => b.consistency - a.consistency || (b.delimiter === preferred ? 1 : 0) - (a.delimiter === preferred ? 1 : 0) || b.fields - a.fields);
  const best = scores[0];
  const favourite = scores.find((s) => s.delimiter === preferred);
  if (favourite !== undefined && favourite.consistency >= best.consistency - 0.1) return favourite.delimiter;
  return best.delimiter;
}

export function delimiterName(delimiter: Delimiter): string {
  switch (delimiter) {
    case ',':
      return 'comma';
    case ';':
      return 'semicolon';
    case '\t':
      return 'tab';
    case '|':
      return 'pipe';
  }
}

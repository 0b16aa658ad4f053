/**
 * What the Serve step shows of a scored file: how many rows were flagged, and the first rows with
 * their prediction, probabilities and flags (the whole file is in the CSV, see `scored-csv.ts`).
 */
import type { ParsedTable } from '../data/columns';
import { formatCell, type DisplayCell } from '../data/table';
import { rowProbabilities } from './score';
import type { ScoredChunk } from './scored-csv';

/** Rows the page shows; well below a scoring chunk, so they all come from the first chunk. */
export const PREVIEW_ROWS = 200;

export interface ScoredPreviewRow {
  cells: DisplayCell[];
  prediction: string | number | null;
  probabilities: number[] | null;
  flags: readonly string[];
}

/** Rows with at least one flag. */
export function flaggedRows(chunks: readonly ScoredChunk[]): number {
  let flagged = 0;
  for (const { flags } of chunks) for (const f of flags) if (f.length > 0) flagged++;
  return flagged;
}

/** The first `PREVIEW_ROWS` rows of the file, formatted, with what the model made of them; `classes` is the probabilities' width. */
export function scoredPreview(table: ParsedTable, chunks: readonly ScoredChunk[], classes: number): ScoredPreviewRow[] {
  const first = chunks[0];
  return Array.from({ length: Math.min(PREVIEW_ROWS, table.rowCount) }, (_, r) => ({
    cells: table.columns.map((c) => formatCell(c.values[r], c.info)),
    prediction: first.scored.predictions[r],
    probabilities: rowProbabilities(first.scored, r, classes),
    flags: first.flags[r],
  }));
}

import { describe, expect, it } from 'vitest';
import { flaggedRows, scoredPreview, PREVIEW_ROWS } from '$src/core/deploy/scored-file';
import type { ParsedTable } from '$src/core/data/columns';
import type { ScoredChunk } from '$src/core/deploy/scored-csv';

describe('what the Serve step shows of a scored file', () => {
  it('counts the rows with at least one flag, over every chunk', () => {
    const chunks: ScoredChunk[] = [
      { start: 0, scored: { predictions: [1, 2], probabilities: null }, flags: [['a', 'b'], []] },
      { start: 2, scored: { predictions: [3], probabilities: null }, flags: [['c']] },
    ];
    expect(flaggedRows(chunks)).toBe(2);
  });

  it('previews the first rows, formatted, with prediction, probabilities and flags', () => {
    const table: ParsedTable = {
      rowCount: 2,
      columns: [
        { info: { name: 'x', type: 'number', missing: 1 }, values: Float64Array.from([1.5, NaN]) },
        { info: { name: 'c', type: 'text', missing: 0 }, values: ['u', 'v'] },
      ],
      warnings: [],
      description: '',
    };
    const chunks: ScoredChunk[] = [{ start: 0, scored: { predictions: ['a', 'b'], probabilities: Float32Array.from([0.75, 0.25, 0.5, 0.5]) }, flags: [[], ['x is missing.']] }];
    expect(scoredPreview(table, chunks, 2)).toEqual([
      { cells: ['1.5', 'u'], prediction: 'a', probabilities: [0.75, 0.25], flags: [] },
      { cells: [null, 'v'], prediction: 'b', probabilities: [0.5, 0.5], flags: ['x is missing.'] },
    ]);
  });

  it('stops at PREVIEW_ROWS rows', () => {
    const rows = PREVIEW_ROWS + 5;
    const table: ParsedTable = { rowCount: rows, columns: [{ info: { name: 'x', type: 'number', missing: 0 }, values: Float64Array.from({ length: rows }, (_, i) => i) }], warnings: [], description: '' };
    const chunks: ScoredChunk[] = [{ start: 0, scored: { predictions: Array.from({ length: rows }, (_, i) => i), probabilities: null }, flags: Array.from({ length: rows }, () => []) }];
    const preview = scoredPreview(table, chunks, 0);
    expect(preview).toHaveLength(PREVIEW_ROWS);
    expect(preview[PREVIEW_ROWS - 1].prediction).toBe(PREVIEW_ROWS - 1);
  });
});

/**
 * Which test rows the parity check compares. The check runs the exported ONNX file and the
 * in-app model on the same rows; a few tens of thousands of rows catch any difference in how the
 * two compute (a wrong scale, a category in the wrong slot, float32 rounding), while the whole
 * test part of a table with millions of rows would take minutes and could run the tab out of
 * memory. So a large test part is sampled evenly, the same rows every time.
 */
import { PART, UNASSIGNED } from '../data/frame';

export const PARITY_ROWS = 50_000;

/**
 * `parts` (PART values per row) with only the rows the parity check uses still marked as test
 * rows: all of them up to `max`, else exactly `max` spread evenly over the test part.
 * `testRows` is how many rows `parts` marks as test.
 */
export function parityParts(parts: Uint8Array, testRows: number, max = PARITY_ROWS): Uint8Array {
  if (testRows <= max) return parts;
  const sampled = parts.slice();
  for (let i = 0, j = 0; i < sampled.length; i++) {
    if (sampled[i] !== PART.test) continue;
    // The j-th test row is kept when it opens one of `max` equal stretches of the test part.
    const opens = j === 0 || Math.floor((j * max) / testRows) !== Math.floor(((j - 1) * max) / testRows);
    if (!opens) sampled[i] = UNASSIGNED;
    j++;
  }
  return sampled;
}

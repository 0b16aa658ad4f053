/** One line saying what a split did, for the Split step and the model card. */
import { PART_LABELS, PART_NAMES, normalizeSpec } from './spec';
import type { SplitCounts, SplitSpec } from './spec';

function percent(x: number): string {
  return `${Number(x.toFixed(4))} %`;
}

/**
 * e.g. `'Train 70 % (240 rows) · Validation 15 % (52) · Test 15 % (52), seed 42, stratified by species'`.
 * Percentages are the spec's, counts the rows each part got. A time-ordered split names its column
 * instead of the seed, which plays no part in it.
 */
export function describeSplit(given: SplitSpec, counts: SplitCounts): string {
  const spec = normalizeSpec(given);
  const parts = PART_NAMES.map((part, i) => {
    const n = counts[part];
    const rows = i === 0 ? `${n} ${n === 1 ? 'row' : 'rows'}` : String(n);
    return `${PART_LABELS[part]} ${percent(spec[part])} (${rows})`;
  }).join(' · ');
  const how: string[] = [];
  if (spec.timeColumn !== null) {
    how.push(`in time order by ${spec.timeColumn} (oldest in Train, newest in Test)`);
  } else {
    how.push(`seed ${spec.seed}`);
    if (spec.group !== null) how.push(`grouped by ${spec.group}`);
    if (spec.stratify !== null) {
      how.push(spec.group !== null ? `stratified by ${spec.stratify} (approximately, keeping groups whole)` : `stratified by ${spec.stratify}`);
    }
  }
  return `${parts}, ${how.join(', ')}`;
}

/**
 * `profileFrame`: everything the Explore step shows about a frame, computed in one read of
 * each column. See README.md in this folder for the definitions of every statistic.
 */
import { throwIfCancelled } from '../../cancellation';
import type { ColumnInfo } from '../columns';
import { ROW_ID, type Frame } from '../frame';
import { columnValues, profileColumn, ProfileScratch, readColumn, type ColumnData, type NumericData } from './column';
import { correlationMatrix, MAX_CORRELATION_COLUMNS } from './correlation';
import { classDistribution, prepareTarget, relationToTarget, type TargetData } from './target';
import type { ColumnProfile, CorrelationMatrix, ProfileOptions, TableProfile, TargetProfile, TargetRelation } from './types';
import { profileWarnings } from './warnings';

export type * from './types';

const PROFILING_CANCELLED = 'Profiling was cancelled.';
export { MAX_CORRELATION_COLUMNS } from './correlation';
export { TOP_VALUES, DISTINCT_CAP } from './column';
export { MAX_INTEGER_CLASSES } from '../../model/task';
export { HIGH_CORRELATION, LEAKAGE, LEAKAGE_MIN_ROWS, IMBALANCE_RATIO, MOSTLY_MISSING_SHARE, ID_LIKE_MIN_ROWS } from './warnings';


/**
 * Profiles every visible column of `frame` (never `ROW_ID`), the correlations between numeric
 * columns and, with `target`, each other column's relation to it. Yields to the event loop
 * between columns, so an abort arriving as a worker message is seen; throws `Cancelled`.
 */
export async function profileFrame(frame: Frame, options: ProfileOptions = {}): Promise<TableProfile> {
  const { signal, onProgress } = options;
  const table = frame.table;
  const rows = table.numRows();
  const infos = frame.columns.filter((c) => c.name !== ROW_ID);
  const checkpoint = async (): Promise<void> => {
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    throwIfCancelled(signal, PROFILING_CANCELLED);
  };
  throwIfCancelled(signal, PROFILING_CANCELLED);

  const targetInfo = options.target ? infos.find((c) => c.name === options.target) : undefined;
  const chosen = correlationColumns(infos);
  const total = infos.length + 1;
  onProgress?.(0, total);

  let target: TargetData | null = null;
  let targetRead: { data: ColumnData; source: ArrayLike<unknown> } | null = null;
  if (targetInfo) {
    const source = columnValues(table, targetInfo.name);
    const data = readColumn(source, targetInfo);
    targetRead = { data, source };
    target = prepareTarget(targetInfo, data, source, options.task);
  }

  const columns: ColumnProfile[] = [];
  const relations: TargetRelation[] = [];
  const matrixData = new Map<string, NumericData>();
  const scratch = new ProfileScratch();
  for (let i = 0; i < infos.length; i++) {
    await checkpoint();
    const info = infos[i];
    const isTarget = info === targetInfo;
    const source = isTarget && targetRead ? targetRead.source : columnValues(table, info.name);
    const kept = chosen.included.has(info.name);
    const data = isTarget && targetRead ? targetRead.data : readColumn(source, info, kept ? undefined : scratch);
    columns.push(profileColumn(info, data, rows, scratch));
    if (target && !isTarget) relations.push(relationToTarget(info.name, data, source, target));
    // The matrix centres these arrays in place, after every relation to the target is computed.
    if (data.kind === 'numeric' && kept) matrixData.set(info.name, data);
    onProgress?.(i + 1, total);
  }

  let correlation: CorrelationMatrix | null = null;
  const names = infos.filter((c) => matrixData.has(c.name)).map((c) => c.name);
  if (names.length >= 2) {
    const { values, pairs } = await correlationMatrix(names.map((name) => matrixData.get(name)!), rows, checkpoint);
    correlation = { columns: names, values, pairs, omitted: chosen.omitted, note: chosen.note };
  }
  matrixData.clear();

  let targetProfile: TargetProfile | null = null;
  if (target) {
    relations.sort((a, b) => b.strength - a.strength || Number(b.equalsTarget) - Number(a.equalsTarget));
    targetProfile = { column: target.name, kind: target.kind, suggestion: target.suggestion, relations, classes: classDistribution(target) };
  }
  await checkpoint();
  onProgress?.(total, total);
  const warnings = profileWarnings({ rows, columns, correlation, target: targetProfile, requestedTarget: options.target && options.target !== ROW_ID ? options.target : null });
  return { rows, columns, correlation, target: targetProfile, warnings };
}

/**
 * Number and integer columns for the correlation matrix: all of them up to
 * `MAX_CORRELATION_COLUMNS`, else those with the fewest missing cells (by `ColumnInfo.missing`,
 * ties in frame order), so the matrix's memory is bounded before any column is read.
 */
function correlationColumns(infos: readonly ColumnInfo[]): { included: Set<string>; omitted: string[]; note: string | null } {
  const numeric = infos.filter((c) => c.type === 'number' || c.type === 'integer');
  if (numeric.length <= MAX_CORRELATION_COLUMNS) return { included: new Set(numeric.map((c) => c.name)), omitted: [], note: null };
  const ranked = numeric.map((c, i) => ({ c, i })).sort((a, b) => a.c.missing - b.c.missing || a.i - b.i);
  const included = new Set(ranked.slice(0, MAX_CORRELATION_COLUMNS).map((r) => r.c.name));
  const omitted = numeric.filter((c) => !included.has(c.name)).map((c) => c.name);
  return {
    included,
    omitted,
    note: `There are ${numeric.length} numeric columns; correlations are shown for the ${MAX_CORRELATION_COLUMNS} with the most values, and ${omitted.length} are left out.`,
  };
}

/**
 * The recipe engine. A dataset's prepared frame is its raw table with the recipe replayed on it,
 * step by step, in order; the raw table is never modified. Undo is replaying all steps but the
 * last, and a reload replays the stored (JSON) steps: replay never refits, so the same steps give
 * the same frame.
 *
 * A new step goes through `applyNewStep`: checked, fitted (on the train rows when a split exists),
 * applied, and measured, so the Clean step can say what it did ("removed 12 rows, changed 40
 * cells"). `previewStep` measures the same without handing back a step to store.
 *
 * The engine knows step kinds only through `registry.ts`.
 */
import type { ColumnTable } from 'arquero';
import type { ColumnInfo } from '../columns';
import type { Frame } from '../frame';
import { RecipeError } from './handler';
import type { StepContext, StepHandler } from './handler';
import { countCastFailures } from './cast';
import { columnValues, countMissing, frameFromColumns, rowIds, sameValue } from './frame-ops';
import type { CellValue, FrameColumn } from './frame-ops';
import { isStepKind, stepHandlers } from './registry';
import type { RecipeStep, RecipeStepKind } from './steps';

/** What a step fitted (imputation value, clip bounds), as stored in the step. */
export type StepFitted = NonNullable<Extract<RecipeStep, { fitted?: unknown }>['fitted']>;

/** What applying a step changes, measured by comparing the frames before and after it. */
export interface StepEffect {
  rowsBefore: number;
  rowsAfter: number;
  /** Rows of the frame before whose row id is gone after. */
  rowsRemoved: number;
  /** Rows after with a row id the frame before did not have (append). */
  rowsAdded: number;
  /** Surviving rows with at least one changed cell (in columns present before and after). */
  rowsChanged: number;
  /** Changed cells of surviving rows in columns present before and after (by name). */
  cellsChanged: number;
  /** Columns present before and after with at least one changed cell, in the frame's order. */
  columnsChanged: string[];
  /** By name: a rename shows as one column removed and one added. */
  columnsAdded: string[];
  columnsRemoved: string[];
  /** For a cast: present values that do not fit the new type and become missing. */
  castFailures?: number;
  /** For steps that learn from data: what was fitted (and from how many rows). */
  fitted?: StepFitted;
}

export interface ReplayOptions {
  /** Checked before every step; replay stops with the signal's reason when it fires. */
  signal?: AbortSignal;
  /** Called with a step's index (0-based) just before it is applied, for progress. */
  onStep?: (index: number) => void;
}

/**
 * A stored step that no longer applies (a column renamed or dropped upstream, a type changed).
 * The message names the step by its number; `frame` is the result of the steps before it, so a
 * caller can keep showing those while the user fixes or undoes the step.
 */
export class StaleStepError extends RecipeError {
  /** 0-based position of the step in the recipe. */
  readonly index: number;
  /** The plain-words reason, without the step number. */
  readonly reason: string;
  /** The frame after steps 0 … index − 1. */
  readonly frame: Frame;
  constructor(index: number, description: string, reason: string, frame: Frame) {
    super(`Step ${index + 1} (${description}) no longer applies: ${reason}`);
    this.name = 'StaleStepError';
    this.index = index;
    this.reason = reason;
    this.frame = frame;
  }
}

/** The handler of a step's kind; a RecipeError for a kind this version does not know. */
export function handlerOf(step: RecipeStep): StepHandler<RecipeStepKind> {
  const kind: unknown = (step as { kind?: unknown } | null)?.kind;
  if (!isStepKind(kind)) throw new RecipeError(`Unknown recipe step '${String(kind)}'.`);
  // Each handler takes only its own kind, which `kind` just selected.
  return stepHandlers[kind] as unknown as StepHandler<RecipeStepKind>;
}

/** The frame of a raw table: its columns in the studio's column model plus row ids 0..n−1. */
export function baseFrame(table: ColumnTable, columns: ColumnInfo[]): Frame {
  const n = table.numRows();
  const source: Frame = { table, columns };
  const out: FrameColumn[] = columns.map((info) => {
    if (table.column(info.name) === undefined) throw new Error(`The table has no column ${info.name}.`);
    // Read once into plain arrays (Arrow columns too), so every step reads them without decoding.
    const values = columnValues(source, info.name);
    return { info: { ...info, missing: countMissing(info.type, values) }, values };
  });
  const ids = new Float64Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  return frameFromColumns(out, ids);
}

/** Why `step` cannot apply to `frame`, or null. */
export function checkStep(step: RecipeStep, frame: Frame, context: StepContext): string | null {
  let handler: StepHandler<RecipeStepKind>;
  try {
    handler = handlerOf(step);
  } catch (error) {
    if (error instanceof RecipeError) return error.message;
    throw error;
  }
  return handler.check(step, frame, context);
}

/** One line for the recipe list. */
export function describeStep(step: RecipeStep): string {
  const kind: unknown = (step as { kind?: unknown } | null)?.kind;
  return isStepKind(kind) ? handlerOf(step).describe(step) : `Unknown step '${String(kind)}'`;
}

/** The name of a step kind in the Clean step's menu. */
export function stepLabel(kind: RecipeStepKind): string {
  return isStepKind(kind) ? stepHandlers[kind].label : `Unknown step '${String(kind)}'`;
}

/**
 * Replays stored (fitted) steps in order. A step that no longer applies — a column renamed or
 * dropped upstream, a type changed — throws a StaleStepError (a RecipeError) that names the step
 * by its number and carries the frame of the steps before it.
 */
export function replayRecipe(base: Frame, steps: readonly RecipeStep[], context: StepContext, options: ReplayOptions = {}): Frame {
  let frame = base;
  for (let i = 0; i < steps.length; i++) {
    options.signal?.throwIfAborted();
    options.onStep?.(i);
    const step = steps[i];
    try {
      const handler = handlerOf(step);
      const reason = handler.check(step, frame, context);
      if (reason !== null) throw new RecipeError(reason);
      frame = handler.apply(step, frame, context);
    } catch (error) {
      if (error instanceof RecipeError) throw new StaleStepError(i, describeStep(step), error.message, frame);
      throw error;
    }
  }
  return frame;
}

/** Checks, fits and applies a new step, and measures what it changed. */
export function applyNewStep(frame: Frame, step: RecipeStep, context: StepContext): { step: RecipeStep; frame: Frame; effect: StepEffect } {
  const handler = handlerOf(step);
  const reason = handler.check(step, frame, context);
  if (reason !== null) throw new RecipeError(reason);
  const pinned = handler.pin !== undefined ? handler.pin(step, frame, context) : step;
  const fitted = handler.fit !== undefined ? handler.fit(pinned, frame, context) : pinned;
  const after = handler.apply(fitted, frame, context);
  const effect = measureEffect(frame, after);
  if (fitted.kind === 'cast') effect.castFailures = countCastFailures(frame, fitted.column, fitted.to, fitted.dateFormat);
  if ('fitted' in fitted && fitted.fitted !== undefined) effect.fitted = fitted.fitted;
  return { step: fitted, frame: after, effect };
}

/** What applying `step` to `frame` would change; nothing is stored and `frame` is not modified. */
export function previewStep(frame: Frame, step: RecipeStep, context: StepContext): StepEffect {
  return applyNewStep(frame, step, context).effect;
}

/** Index of every row id of `ids` (last position wins), as a function id → position or −1. */
function positionsById(ids: Float64Array): (id: number) => number {
  const n = ids.length;
  let max = -1;
  let dense = true;
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    if (!(id >= 0 && Number.isInteger(id))) {
      dense = false;
      break;
    }
    if (id > max) max = id;
  }
  if (dense && max < 4 * n + 1024) {
    const table = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < n; i++) table[ids[i]] = i;
    return (id) => (id >= 0 && id <= max && Number.isInteger(id) ? table[id] : -1);
  }
  const map = new Map<number, number>();
  for (let i = 0; i < n; i++) map.set(ids[i], i);
  return (id) => map.get(id) ?? -1;
}

/**
 * Compares two frames row by row (matched by row id) and column by column (matched by name).
 * A column both frames share unchanged (same storage, same rows in the same order) is skipped
 * without reading it. Rows that repeat a row id (a join matching several rows) are each compared
 * with the one row of that id before.
 */
export function measureEffect(before: Frame, after: Frame): StepEffect {
  const idsBefore = rowIds(before);
  const idsAfter = rowIds(after);
  const rowsBefore = idsBefore.length;
  const rowsAfter = idsAfter.length;

  let sameRows = idsBefore === idsAfter;
  if (!sameRows && rowsBefore === rowsAfter) {
    sameRows = true;
    for (let i = 0; i < rowsAfter; i++) {
      if (idsBefore[i] !== idsAfter[i]) {
        sameRows = false;
        break;
      }
    }
  }
  // Position before of every row after (−1: a new row).
  let match: Int32Array | null = null;
  let rowsRemoved = 0;
  let rowsAdded = 0;
  if (!sameRows) {
    const positionOf = positionsById(idsBefore);
    match = new Int32Array(rowsAfter);
    const survived = new Uint8Array(rowsBefore);
    for (let i = 0; i < rowsAfter; i++) {
      const p = positionOf(idsAfter[i]);
      match[i] = p;
      if (p < 0) rowsAdded++;
      else survived[p] = 1;
    }
    for (let p = 0; p < rowsBefore; p++) if (survived[p] === 0) rowsRemoved++;
  }

  const namesBefore = new Set(before.columns.map((c) => c.name));
  const namesAfter = new Set(after.columns.map((c) => c.name));
  const changedRows = new Uint8Array(rowsAfter);
  const columnsChanged: string[] = [];
  let cellsChanged = 0;
  for (const info of after.columns) {
    if (!namesBefore.has(info.name)) continue;
    if (sameRows && before.table.column(info.name) === after.table.column(info.name) && isPlain(before.table) && isPlain(after.table)) continue;
    const changed = compareColumn(columnValues(before, info.name), columnValues(after, info.name), match, changedRows);
    if (changed > 0) {
      cellsChanged += changed;
      columnsChanged.push(info.name);
    }
  }
  let rowsChanged = 0;
  for (let i = 0; i < rowsAfter; i++) rowsChanged += changedRows[i];

  return {
    rowsBefore,
    rowsAfter,
    rowsRemoved,
    rowsAdded,
    rowsChanged,
    cellsChanged,
    columnsChanged,
    columnsAdded: after.columns.filter((c) => !namesBefore.has(c.name)).map((c) => c.name),
    columnsRemoved: before.columns.filter((c) => !namesAfter.has(c.name)).map((c) => c.name),
  };
}

/** Whether a table shows its stored rows as they are (no filter, no order). */
function isPlain(table: ColumnTable): boolean {
  return !table.isFiltered() && !table.isOrdered();
}

/** Counts cells of `b` that differ from their row's cell in `a`, marking their rows in `changedRows`. */
function compareColumn(a: ArrayLike<unknown>, b: ArrayLike<unknown>, match: Int32Array | null, changedRows: Uint8Array): number {
  let changed = 0;
  const n = b.length;
  if (a instanceof Float64Array && b instanceof Float64Array) {
    for (let i = 0; i < n; i++) {
      const p = match === null ? i : match[i];
      if (p < 0) continue;
      const x = a[p];
      const y = b[i];
      if (x !== y && (x === x || y === y)) {
        changed++;
        changedRows[i] = 1;
      }
    }
    return changed;
  }
  const x = a as ArrayLike<CellValue>;
  const y = b as ArrayLike<CellValue>;
  for (let i = 0; i < n; i++) {
    const p = match === null ? i : match[i];
    if (p < 0) continue;
    if (!sameValue(x[p], y[i])) {
      changed++;
      changedRows[i] = 1;
    }
  }
  return changed;
}

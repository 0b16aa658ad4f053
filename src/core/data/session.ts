/**
 * The dataset on screen as the data worker holds it: its raw frame, its pipeline (recipe, rules,
 * split) and the prepared frame the recipe gives. Every change to the pipeline is saved before
 * the session changes, so a failed save leaves both the store and the session as they were.
 * The store is passed in (`SessionStore`; the app gives it `src/storage`'s database), so the
 * session runs the same in a worker and in a Node test.
 */
import type { ColumnTable } from 'arquero';
import { TableAssembler } from './table';
import { PART, ROW_ID, UNASSIGNED, type Frame, type PartName } from './frame';
import { baseFrame, replayRecipe, applyNewStep, previewStep, describeStep, StaleStepError, type StepEffect } from './recipe/replay';
import { refitRecipe } from './recipe/refit';
import { checkSplit, type SplitSpec } from './split/spec';
import { splitFrame } from './split/assign';
import { takeRows } from './recipe/frame-ops';
import { RecipeError, type StepContext } from './recipe/handler';
import type { RecipeStep } from './recipe/steps';
import type { DatasetRecord, PipelineRecord, StoredSplit } from '../records';

/** What a session needs of the store: datasets to read, and its pipeline to read and save. */
export interface SessionStore {
  getDataset(id: string): Promise<DatasetRecord | undefined>;
  /** Calls `onChunk` with each chunk's Arrow IPC bytes, in row order. */
  readDatasetChunks(id: string, onChunk: (bytes: Uint8Array, index: number) => void): Promise<DatasetRecord>;
  /** The dataset's pipeline, or an empty one when none was saved yet. */
  getPipeline(datasetId: string, projectId: string): Promise<PipelineRecord>;
  savePipeline(record: PipelineRecord): Promise<PipelineRecord>;
}

/** What the main thread is told about the session: small, plain, cloneable. */
export interface SessionSummary {
  dataset: DatasetRecord;
  /** Changes whenever the prepared rows may have changed: views key their row caches on it. */
  version: number;
  recipe: { step: RecipeStep; description: string }[];
  rules: PipelineRecord['rules'];
  split: Omit<StoredSplit, 'byRowId'> | null;
  /** The prepared table: the raw rows after the recipe. */
  prepared: { rowCount: number; columns: Frame['columns'] };
  /** Rows the data steps may look at: all of them, or all but the sealed test part. */
  visibleRows: number;
  sealedRows: number;
  /** Set when a stored step no longer applies; the steps before it are in effect. */
  replayError: string | null;
  /**
   * Prepared rows in no part of the split: rows appended after it, or rows a later row step
   * keeps only once the steps before it were refitted on the train part (see `split`).
   */
  unsplitRows: number;
}

export class DataSession {
  readonly dataset: DatasetRecord;
  readonly raw: Frame;
  #pipeline: PipelineRecord;
  #prepared: Frame;
  #visible: Frame;
  #replayError: string | null = null;
  #unsplitRows = 0;
  readonly #db: SessionStore;
  /** Other datasets of the project that append and join steps read, loaded on demand. */
  readonly #others = new Map<string, Frame>();
  /** A counter that changes with every pipeline change, so caches keyed by it never go stale. */
  #version = 0;

  private constructor(db: SessionStore, dataset: DatasetRecord, raw: Frame, pipeline: PipelineRecord) {
    this.#db = db;
    this.dataset = dataset;
    this.raw = raw;
    this.#pipeline = pipeline;
    this.#prepared = raw;
    this.#visible = raw;
  }

  static async open(db: SessionStore, dataset: DatasetRecord, table?: ColumnTable): Promise<DataSession> {
    const rows = table ?? (await readTable(db, dataset));
    const pipeline = await db.getPipeline(dataset.id, dataset.projectId);
    const session = new DataSession(db, dataset, baseFrame(rows, dataset.columns), pipeline);
    await session.#rebuild();
    return session;
  }

  get version(): number { return this.#version; }
  get pipeline(): PipelineRecord { return this.#pipeline; }
  get prepared(): Frame { return this.#prepared; }
  /** The frame Explore, Validate, Clean and Label work on: the sealed test part left out. */
  get visible(): Frame { return this.#visible; }

  /** The context steps are fitted and replayed in: train rows once a split exists. */
  context(): StepContext {
    return this.#contextFor(this.#pipeline.split);
  }

  #contextFor(split: StoredSplit | null): StepContext {
    let trainRows: Uint8Array | null = null;
    if (split) {
      trainRows = new Uint8Array(split.byRowId.length);
      for (let id = 0; id < split.byRowId.length; id++) trainRows[id] = split.byRowId[id] === PART.train ? 1 : 0;
    }
    return {
      trainRows,
      dataset: (id) => {
        const frame = this.#others.get(id);
        if (!frame) throw new RecipeError('A dataset this recipe combines with is no longer in the project. Undo the step that uses it.');
        return frame;
      },
    };
  }

  summary(): SessionSummary {
    const { split } = this.#pipeline;
    return {
      dataset: this.dataset,
      version: this.#version,
      recipe: this.#pipeline.recipe.map((step) => ({ step, description: describeStep(step) })),
      rules: this.#pipeline.rules,
      split: split ? { spec: split.spec, atStep: split.atStep, counts: split.counts, createdAt: split.createdAt } : null,
      unsplitRows: this.#unsplitRows,
      prepared: { rowCount: this.#prepared.table.numRows(), columns: this.#prepared.columns },
      visibleRows: this.#visible.table.numRows(),
      sealedRows: this.#prepared.table.numRows() - this.#visible.table.numRows(),
      replayError: this.#replayError,
    };
  }

  /** Loads the datasets that append and join steps name, so replay can stay synchronous. */
  async #loadOthers(steps: readonly RecipeStep[]): Promise<void> {
    for (const step of steps) {
      if ((step.kind === 'append' || step.kind === 'join') && !this.#others.has(step.datasetId)) {
        const record = await this.#db.getDataset(step.datasetId);
        if (!record) continue; // replay then says the dataset is gone
        this.#others.set(record.id, baseFrame(await readTable(this.#db, record), record.columns));
      }
    }
  }

  /** Replays the stored recipe; a step that no longer applies stops the replay and is reported. */
  async #rebuild(): Promise<void> {
    const steps = this.#pipeline.recipe;
    await this.#loadOthers(steps);
    this.#replayError = null;
    let frame: Frame;
    try {
      frame = replayRecipe(this.raw, steps, this.context());
    } catch (error) {
      if (!(error instanceof StaleStepError)) throw error;
      // Keep what the steps before it give, and say which step to undo.
      frame = error.frame;
      this.#replayError = `${error.message} Undo the steps from there on to go on.`;
    }
    this.#setPrepared(frame);
  }

  #setPrepared(frame: Frame): void {
    this.#prepared = frame;
    this.#visible = this.#withoutTestRows(frame);
    this.#unsplitRows = this.#pipeline.split ? countParts(frame, this.#pipeline.split.byRowId).unassigned : 0;
    this.#version++;
  }

  /** Hides the sealed test part: only the Test step may read it. */
  #withoutTestRows(frame: Frame): Frame {
    const split = this.#pipeline.split;
    if (!split) return frame;
    const ids = frame.table.array(ROW_ID) as ArrayLike<number>;
    const keep: number[] = [];
    for (let i = 0; i < ids.length; i++) if (split.byRowId[ids[i]] !== PART.test) keep.push(i);
    return keep.length === ids.length ? frame : takeRows(frame, keep);
  }

  /** Rows of one part of the split (positions in the prepared frame). */
  partRows(part: PartName): number[] {
    const split = this.#pipeline.split;
    if (!split) throw new RecipeError('There is no split yet. Split the data in the Split step first.');
    const ids = this.#prepared.table.array(ROW_ID) as ArrayLike<number>;
    const rows: number[] = [];
    for (let i = 0; i < ids.length; i++) if (split.byRowId[ids[i]] === PART[part]) rows.push(i);
    return rows;
  }

  /** The split part of each row of the prepared frame (PART values; UNASSIGNED for rows added after the split). */
  parts(): Uint8Array {
    const split = this.#pipeline.split;
    if (!split) throw new RecipeError('There is no split yet. Split the data in the Split step first.');
    const ids = this.#prepared.table.array(ROW_ID) as ArrayLike<number>;
    const parts = new Uint8Array(ids.length);
    for (let i = 0; i < ids.length; i++) parts[i] = split.byRowId[ids[i]] ?? UNASSIGNED;
    return parts;
  }

  async #save(next: PipelineRecord): Promise<void> {
    this.#pipeline = await this.#db.savePipeline(next);
  }

  async preview(step: RecipeStep): Promise<StepEffect> {
    this.#guardReplay();
    await this.#loadOthers([step]);
    return previewStep(this.#visible, step, this.context());
  }

  /** Applies a new step: fitted on the train rows (or all rows before a split), stored, replayed. */
  async apply(step: RecipeStep): Promise<StepEffect> {
    this.#guardReplay();
    await this.#loadOthers([step]);
    const result = applyNewStep(this.#prepared, step, this.context());
    await this.#save({ ...this.#pipeline, recipe: [...this.#pipeline.recipe, result.step] });
    this.#setPrepared(result.frame);
    return result.effect;
  }

  /**
   * Replaces the last step with a new version of it (manual labels of one session grow one
   * step rather than adding a step per row).
   */
  async amendLast(step: RecipeStep): Promise<void> {
    const recipe = this.#pipeline.recipe.slice(0, -1);
    await this.#save({ ...this.#pipeline, recipe: [...recipe, step] });
    await this.#rebuild();
  }

  /**
   * Saves one hand-given label: it joins the last step while that step labels the same column
   * by hand, and starts a new manual-labelling step otherwise.
   */
  async saveLabel(column: string, rowId: number, label: string): Promise<void> {
    const recipe = this.#pipeline.recipe;
    const last = recipe[recipe.length - 1];
    if (last?.kind === 'label-manual' && last.column === column) {
      await this.amendLast({ ...last, labels: { ...last.labels, [rowId]: label } });
    } else {
      await this.apply({ kind: 'label-manual', column, labels: { [rowId]: label } });
    }
  }

  /**
   * Removes the last step. A split made after it goes too, since its rows may change; then the
   * steps that learn from data are fitted on all rows again, as before any split (a statistic
   * of the old train part would outlive the split it came from).
   */
  async undo(): Promise<{ removedSplit: boolean }> {
    const recipe = this.#pipeline.recipe;
    if (recipe.length === 0) throw new RecipeError('The recipe is empty: there is nothing to undo.');
    let next = recipe.slice(0, -1);
    const split = this.#pipeline.split;
    const removedSplit = split !== null && split.atStep > next.length;
    if (removedSplit) {
      await this.#loadOthers(next);
      try {
        next = refitRecipe(this.raw, next, this.#contextFor(null), { pinIn: this.context() }).steps;
      } catch (error) {
        // A step that no longer applies stays as stored; the replay below says which to undo.
        if (!(error instanceof StaleStepError)) throw error;
      }
    }
    await this.#save({ ...this.#pipeline, recipe: next, split: removedSplit ? null : split });
    await this.#rebuild();
    return { removedSplit };
  }

  /**
   * Appends another stored dataset's rows (live data with labels, for retraining) as a recipe
   * step and, where there is a split, splits again with the same settings, so the new rows join
   * the train, validation and test parts.
   */
  async appendDataset(dataset: Pick<DatasetRecord, 'id' | 'name'>): Promise<void> {
    await this.apply({ kind: 'append', datasetId: dataset.id, datasetName: dataset.name });
    const split = this.#pipeline.split;
    if (split) await this.split(split.spec);
  }

  async setRules(rules: PipelineRecord['rules']): Promise<void> {
    await this.#save({ ...this.#pipeline, rules });
  }

  /**
   * Splits the prepared rows as `spec` says, then fits every step that learns from data again on
   * the train part, in recipe order, and stores both at once.
   *
   * The split is made on the recipe fitted on all rows, so the same data, recipe and seed give
   * the same parts whatever was split before. Refitting changes values, not row ids, so rows
   * keep their parts; but a row step after a refitted one (a filter on an imputed column, a
   * de-duplication) may then keep other rows than the split saw. Then the split is made again on
   * the refitted rows, and the steps refitted on its train part, until the rows stop changing
   * (at most `SPLIT_ROUNDS` times); rows still left over are in no part and are counted in
   * `unsplitRows`. The stored counts are those of the refitted rows.
   */
  async split(spec: SplitSpec, createdAt = Date.now()): Promise<void> {
    this.#guardReplay();
    const recipe = this.#pipeline.recipe;
    await this.#loadOthers(recipe);
    const before = this.context();
    let { steps, frame } = this.#refitForSplit(recipe, this.#contextFor(null), before);
    let split: StoredSplit | null = null;
    for (let round = 0; round < SPLIT_ROUNDS; round++) {
      const problem = checkSplit(spec, frame);
      if (problem) throw new RecipeError(problem);
      const result = splitFrame(frame, spec);
      split = { spec, atStep: steps.length, counts: result.counts, byRowId: result.byRowId, createdAt };
      const refit = this.#refitForSplit(steps, this.#contextFor(split), before);
      const settled = sameRows(frame, refit.frame);
      steps = refit.steps;
      frame = refit.frame;
      if (settled) break;
    }
    const { counts } = countParts(frame, split!.byRowId);
    split = { ...split!, counts };
    await this.#save({ ...this.#pipeline, recipe: steps, split });
    this.#setPrepared(frame);
  }

  /**
   * Stores a split made elsewhere (or removes it with null) and fits the steps that learn from
   * data again on its train part (on all rows without one); its counts become those of the rows
   * the refitted recipe gives.
   */
  async setSplit(split: StoredSplit | null): Promise<void> {
    this.#guardReplay();
    const recipe = this.#pipeline.recipe;
    await this.#loadOthers(recipe);
    const { steps, frame } = this.#refitForSplit(recipe, this.#contextFor(split), this.context());
    const stored = split ? { ...split, counts: countParts(frame, split.byRowId).counts } : null;
    await this.#save({ ...this.#pipeline, recipe: steps, split: stored });
    this.#setPrepared(frame);
  }

  /** Refits the recipe in `context`; a step that cannot be refitted refuses the split in plain words. */
  #refitForSplit(steps: readonly RecipeStep[], context: StepContext, pinIn: StepContext): { steps: RecipeStep[]; frame: Frame } {
    try {
      return refitRecipe(this.raw, steps, context, { pinIn });
    } catch (error) {
      if (!(error instanceof StaleStepError)) throw error;
      const part = context.trainRows === null ? 'all rows' : 'the train part';
      throw new RecipeError(
        `The split was not changed: step ${error.index + 1} (${describeStep(steps[error.index])}) cannot be fitted on ${part}: ${error.reason} Try another seed or other part sizes, or undo that step in the Clean step.`,
      );
    }
  }

  #guardReplay(): void {
    if (this.#replayError) throw new RecipeError(this.#replayError);
  }
}

/** How many times a split is made again when refitting changes the rows (see `DataSession.split`). */
const SPLIT_ROUNDS = 3;

/** Whether two frames hold the same rows (row ids in the same order). */
function sameRows(a: Frame, b: Frame): boolean {
  const x = a.table.array(ROW_ID) as ArrayLike<number>;
  const y = b.table.array(ROW_ID) as ArrayLike<number>;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Rows of `frame` in each part of a split (as `splitFrame` counts them), and rows in none. */
function countParts(frame: Frame, byRowId: Uint8Array): { counts: StoredSplit['counts']; unassigned: number } {
  const ids = frame.table.array(ROW_ID) as ArrayLike<number>;
  const counts = [0, 0, 0];
  let unassigned = 0;
  for (let i = 0; i < ids.length; i++) {
    const part = byRowId[ids[i]] ?? UNASSIGNED;
    if (part === UNASSIGNED) unassigned++;
    else counts[part]++;
  }
  return { counts: { train: counts[PART.train], validation: counts[PART.validation], test: counts[PART.test] }, unassigned };
}

/** A stored table, decoded chunk by chunk as it is read (never held as chunks and columns at once). */
export async function readTable(db: SessionStore, dataset: DatasetRecord): Promise<ColumnTable> {
  const assembler = new TableAssembler(dataset.rowCount);
  await db.readDatasetChunks(dataset.id, (bytes) => assembler.add(bytes));
  return assembler.finish();
}

/**
 * The data worker's state for the dataset on screen: its raw frame, its pipeline (recipe, rules,
 * split) and the prepared frame the recipe gives. Every change to the pipeline is saved before
 * the session changes, so a failed save leaves both the store and the session as they were.
 */
import type { ColumnTable } from 'arquero';
import { TableAssembler } from '../src/core/data/table';
import { PART, ROW_ID, UNASSIGNED, type Frame, type PartName } from '../src/core/data/frame';
import { baseFrame, replayRecipe, applyNewStep, previewStep, describeStep, StaleStepError, type StepEffect } from '../src/core/data/recipe/replay';
import { takeRows } from '../src/core/data/recipe/frame-ops';
import { RecipeError, type StepContext } from '../src/core/data/recipe/handler';
import type { RecipeStep } from '../src/core/data/recipe/steps';
import type { StudioDB, DatasetRecord, PipelineRecord, StoredSplit } from '../src/storage';

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
}

export class DataSession {
  readonly dataset: DatasetRecord;
  readonly raw: Frame;
  #pipeline: PipelineRecord;
  #prepared: Frame;
  #visible: Frame;
  #replayError: string | null = null;
  readonly #db: StudioDB;
  /** Other datasets of the project that append and join steps read, loaded on demand. */
  readonly #others = new Map<string, Frame>();
  /** A counter that changes with every pipeline change, so caches keyed by it never go stale. */
  #version = 0;

  private constructor(db: StudioDB, dataset: DatasetRecord, raw: Frame, pipeline: PipelineRecord) {
    this.#db = db;
    this.dataset = dataset;
    this.raw = raw;
    this.#pipeline = pipeline;
    this.#prepared = raw;
    this.#visible = raw;
  }

  static async open(db: StudioDB, dataset: DatasetRecord, table?: ColumnTable): Promise<DataSession> {
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
    const split = this.#pipeline.split;
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

  /** Removes the last step. A split made after it goes too, since its rows may change. */
  async undo(): Promise<{ removedSplit: boolean }> {
    const recipe = this.#pipeline.recipe;
    if (recipe.length === 0) throw new RecipeError('The recipe is empty: there is nothing to undo.');
    const next = recipe.slice(0, -1);
    const split = this.#pipeline.split;
    const removedSplit = split !== null && split.atStep > next.length;
    await this.#save({ ...this.#pipeline, recipe: next, split: removedSplit ? null : split });
    await this.#rebuild();
    return { removedSplit };
  }

  async setRules(rules: PipelineRecord['rules']): Promise<void> {
    await this.#save({ ...this.#pipeline, rules });
  }

  async setSplit(split: StoredSplit | null): Promise<void> {
    await this.#save({ ...this.#pipeline, split });
    this.#setPrepared(this.#prepared);
  }

  #guardReplay(): void {
    if (this.#replayError) throw new RecipeError(this.#replayError);
  }
}

/** A stored table, decoded chunk by chunk as it is read (never held as chunks and columns at once). */
export async function readTable(db: StudioDB, dataset: DatasetRecord): Promise<ColumnTable> {
  const assembler = new TableAssembler(dataset.rowCount);
  await db.readDatasetChunks(dataset.id, (bytes) => assembler.add(bytes));
  return assembler.finish();
}

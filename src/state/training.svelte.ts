/**
 * Model engineering (Train, Evaluate, Test): the project's models, the run under way with its
 * live curve, a tuning search, and the one-time acceptance test. The data worker prepares the
 * matrices (preprocessing fitted on the train part) and posts them straight to the train worker
 * on a channel of their own; this class only says what to train and keeps what comes back.
 */
import * as Comlink from 'comlink';
import type { ModelRecord } from '../storage';
import type { DataApi } from '../../workers/data.worker';
import type { TrainApi } from '../../workers/train.worker';
import type { EpochRecord, ModelKind, Task, TrainSettings } from '../core/model/types';
import type { BackendPreference } from '../core/model/backend';
import type { SearchSpace, TrialResult } from '../core/model/tune';
import { judge, type AcceptanceCriterion } from '../core/model/accept';
import { curveStep } from '../core/model/curve-steps';
import { InterruptedRuns } from './interrupted-runs';
import type { Bridge, StudioContext } from './context';
import type { DataSteps } from './data-steps.svelte';

/** What the Train step asks for: the data (target, task, features) and the model settings. */
export interface TrainRequest {
  target: string;
  task: Task;
  features: string[];
  settings: TrainSettings;
  backend: BackendPreference;
  name: string;
}

/** A training run in progress (or just cancelled), for the live chart and the backend status. */
export interface LiveTraining {
  name: string;
  /** The model kind being trained (what a point of its curve is: an epoch, iteration, tree or depth). */
  kind: ModelKind;
  backend: string | null;
  curve: EpochRecord[];
  /** Backends that were tried before the one in use, with why each failed. */
  fallbacks: { name: string; error: string }[];
}

/** A tuning run: its trials as they finish. */
export interface TuningState {
  results: TrialResult[];
  total: number;
  combinations: number;
  running: boolean;
  best: number | null;
  request: TrainRequest;
}

/** How a tuning search runs: which combinations, how many, and how each is scored. */
export interface TuningPlan {
  strategy: 'grid' | 'random';
  budget: number;
  validation: 'holdout' | { folds: number };
}

/** What training reports after each batch, and the epoch's record when an epoch ends. */
interface TrainProgressReport {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  backend: string;
  tried: { name: string; error: string }[];
  record?: EpochRecord;
}

/** The live loss chart is redrawn at most this often while training. */
const LIVE_CURVE_INTERVAL_MS = 250;

export class Training {
  #models = $state.raw<ModelRecord[]>([]);
  #live = $state.raw<LiveTraining | null>(null);
  #cancelledModel = $state.raw<{ save: () => Promise<void>; epoch: number } | null>(null);
  #tuning = $state.raw<TuningState | null>(null);
  /** Training runs this tab started, so a reload can say that one was interrupted. */
  #runs = new InterruptedRuns();
  readonly #context: StudioContext;
  readonly #data: Pick<DataSteps, 'dataset' | 'datasetId'>;
  readonly #dataWorker: Bridge<DataApi>;
  readonly #trainer: Bridge<TrainApi>;

  constructor(context: StudioContext, data: Pick<DataSteps, 'dataset' | 'datasetId'>, workers: { data: Bridge<DataApi>; train: Bridge<TrainApi> }) {
    this.#context = context;
    this.#data = data;
    this.#dataWorker = workers.data;
    this.#trainer = workers.train;
  }

  /** The project's trained models, oldest first. */
  get models(): ModelRecord[] { return this.#models; }
  /** The model carried forward to Evaluate, Test, Package and Serve: the chosen one, else the newest. */
  get model(): ModelRecord | null {
    const id = this.#context.project()?.selectedModelId;
    return this.#models.find((m) => m.id === id) ?? this.#models[this.#models.length - 1] ?? null;
  }
  get live(): LiveTraining | null { return this.#live; }
  /** A cancelled training run whose best model so far the user may keep. */
  get cancelledModel() { return this.#cancelledModel; }
  get tuning(): TuningState | null { return this.#tuning; }

  /** Shows the models of the project on screen; a run of another project is not shown. */
  async show(): Promise<void> {
    this.#live = null;
    this.#cancelledModel = null;
    this.#tuning = null;
    await this.reread();
  }

  /** Reads the project's models again (this tab or another saved a change). */
  async reread(): Promise<void> {
    const projectId = this.#context.projectId();
    this.#models = projectId ? await this.#context.store().listModels(projectId) : [];
  }

  /** Says, on the Train step, that a run of this tab was cut short by a reload, if one was. */
  reportInterrupted(): void {
    const interrupted = this.#runs.interrupted();
    if (interrupted) {
      this.#context.messages.fail(`${interrupted.what} of ${interrupted.name} was interrupted when the page was reloaded or closed; nothing from that run was saved. Start it again in the Train step.`, 'train');
    }
  }

  /**
   * Trains a model and stores it with the project. A cancelled run keeps its best model so far
   * only if the user says so.
   */
  async train(request: TrainRequest): Promise<void> {
    const projectId = this.#context.projectId();
    const datasetId = this.#data.datasetId();
    if (!projectId) return;
    const { messages, jobs } = this.#context;
    const step = messages.step;
    const outcome = await jobs.task({ label: `Training ${request.name}`, action: 'train the model', unit: 'batches' }, async (progress, signal) => {
      this.#cancelledModel = null;
      this.#live = { name: request.name, kind: request.settings.kind, backend: null, curve: [], fallbacks: [] };
      this.#runs.start({ what: 'Training', name: request.name });
      try {
        const { port, info } = await this.#sendTrainingData(datasetId, request);
        // Progress comes on its own channel and can arrive after the result: once the result is in,
        // late reports would add epochs the final curve does not have.
        let finished = false;
        // Epochs of a small table can end a hundred times a second: the chart takes them a few
        // times a second, or redrawing it would leave the page no time for anything else.
        let unshown: EpochRecord[] = [];
        let lastShown = 0;
        const onProgress = Comlink.proxy((p: TrainProgressReport) => {
          if (finished) return;
          progress(p.epoch * p.batches + p.batch, p.epochs * p.batches);
          const live = this.#live;
          if (!live) return;
          if (p.record) unshown.push(p.record);
          const now = performance.now();
          // The backend and why Auto chose it show from the first batch, not only at the end.
          if (live.backend !== p.backend || (unshown.length > 0 && now - lastShown >= LIVE_CURVE_INTERVAL_MS)) {
            this.#live = { ...live, backend: p.backend, fallbacks: p.tried, curve: unshown.length ? [...live.curve, ...unshown] : live.curve };
            unshown = [];
            lastShown = now;
          }
        });
        const trained = await this.#trainer.run(
          (remote, jobId) => remote.train(jobId, Comlink.transfer(port, [port]), $state.snapshot(request.settings) as TrainSettings, request.backend, onProgress),
          signal,
        ).finally(() => (finished = true));
        const r = trained.result;
        if (this.#live) this.#live = { ...this.#live, backend: r.backend, curve: r.curve, fallbacks: trained.tried };
        const save = async () => {
          const db = this.#context.store();
          // The drift reference is part of the model: computed on the same train rows, stored with it.
          const reference = await this.#dataWorker.run((remote) =>
            remote.monitoringReference(datasetId, { parameters: r.parameters, preprocessor: trained.preprocessor, target: trained.target, features: [...request.features] }),
          );
          await db.saveModel({
            reference,
            projectId, datasetId, name: request.name,
            settings: $state.snapshot(request.settings) as TrainSettings, features: [...request.features],
            preprocessor: trained.preprocessor, target: trained.target, parameters: r.parameters,
            curve: r.curve, bestEpoch: r.bestEpoch, stoppedEarly: r.stoppedEarly, cancelled: r.cancelled,
            backend: r.backend, durationMs: r.durationMs, trainedOn: info, validation: trained.validation,
          });
          this.#models = await db.listModels(projectId);
          await this.#context.refreshProjects();
          this.#cancelledModel = null;
          this.#context.announce('project', projectId);
        };
        if (r.cancelled) {
          this.#cancelledModel = { save: () => jobs.guard('keep the model', step, save), epoch: r.bestEpoch };
          return { saved: false as const, epoch: r.bestEpoch };
        }
        // Saved inside the job, so the next job in line sees the new model.
        await save();
        return { saved: true as const, backend: r.backend, epochs: r.curve.length, seconds: r.durationMs / 1000 };
      } finally {
        this.#runs.end();
      }
    });
    if (!outcome) return;
    // What a step of the curve is for the kind: boosting iterations, forest trees, tree depths, or epochs.
    const steps = curveStep(request.settings.kind);
    if (!outcome.saved) {
      const best = request.settings.kind === 'random-forest' ? `its first ${outcome.epoch} trees` : `${steps.one} ${outcome.epoch}`;
      messages.tell(`Training was cancelled. The best model so far (${best}) can be kept or discarded.`, step);
      return;
    }
    const n = outcome.epochs;
    const ran = request.settings.kind === 'decision-tree' ? `one tree of depth ${n}` : `${n} ${n === 1 ? steps.one : steps.many}`;
    messages.tell(`Training complete: ${request.name} on ${outcome.backend}, ${ran} in ${outcome.seconds.toFixed(1)} s.`, step);
  }

  discardCancelledModel(): void {
    this.#cancelledModel = null;
    this.#context.messages.tell('The cancelled model was discarded.');
  }

  /** Searches hyperparameters, each trial scored on the validation part (or k-fold on the train part). */
  async tune(request: TrainRequest, space: SearchSpace, plan: TuningPlan): Promise<void> {
    const datasetId = this.#data.datasetId();
    const step = this.#context.messages.step;
    const outcome = await this.#context.jobs.task({ label: 'Tuning hyperparameters', action: 'tune the hyperparameters', total: plan.budget, unit: 'trials' }, async (progress, signal) => {
      this.#tuning = { results: [], total: plan.budget, combinations: 0, running: true, best: null, request };
      this.#runs.start({ what: 'Tuning', name: 'hyperparameters' });
      try {
        const { port } = await this.#sendTrainingData(datasetId, request);
        // As with training's progress: a trial reported after the results came back is in them already.
        let finished = false;
        const onTrial = Comlink.proxy((result: TrialResult, index: number, total: number) => {
          if (finished) return;
          progress(index + 1, total);
          const t = this.#tuning;
          if (t) this.#tuning = { ...t, total, results: [...t.results, result] };
        });
        return await this.#trainer.run(
          (remote, jobId) => remote.tune(jobId, Comlink.transfer(port, [port]), $state.snapshot(request.settings) as TrainSettings, $state.snapshot(space) as SearchSpace, $state.snapshot(plan), request.backend, onTrial),
          signal,
        ).finally(() => (finished = true));
      } finally {
        this.#runs.end();
      }
    });
    const t = this.#tuning;
    if (!t || t.request !== request) return;
    if (!outcome) {
      this.#tuning = { ...t, running: false };
      return;
    }
    this.#tuning = { ...t, results: outcome.results, combinations: outcome.combinations, running: false, best: outcome.best >= 0 ? outcome.best : null };
    this.#context.messages.tell(outcome.cancelled
      ? `Tuning was cancelled after ${outcome.results.length} trials; their results are kept.`
      : `Tuning complete: ${outcome.results.length} trials.`, step);
  }

  async selectModel(id: string): Promise<void> {
    const projectId = this.#context.projectId();
    if (!projectId) return;
    await this.#context.jobs.guard('choose the model', this.#context.messages.step, async () => {
      await this.#context.store().updateProject(projectId, { selectedModelId: id });
      await this.#context.refreshProjects();
      this.#context.announce('projects', projectId);
    });
  }

  async renameModel(id: string, name: string): Promise<void> {
    const projectId = this.#context.projectId();
    if (!projectId) return;
    await this.#context.jobs.guard('rename the model', this.#context.messages.step, async () => {
      await this.#context.store().renameModel(id, name);
      await this.reread();
      this.#context.announce('project', projectId);
    });
  }

  async deleteModel(id: string): Promise<void> {
    const projectId = this.#context.projectId();
    if (!projectId) return;
    await this.#context.jobs.task({ label: 'Deleting the model', action: 'delete the model', unit: 'steps' }, async () => {
      await this.#context.store().deleteModel(id);
      await this.reread();
      await this.#context.refreshProjects();
      this.#context.announce('project', projectId);
    }, { cancellable: false });
  }

  /** Scores the selected model once on the sealed test part and records the verdict with it. */
  async runAcceptance(criteria: AcceptanceCriterion[]): Promise<void> {
    const model = this.model;
    const projectId = this.#context.projectId();
    if (!model || !projectId) return;
    const datasetId = model.datasetId;
    if (this.#data.dataset?.id !== datasetId) {
      this.#context.messages.fail('This model was trained on another dataset of the project. Open that dataset in the Data step to test it.');
      return;
    }
    // Scored and recorded in one job: a second click waits and then sees the first run recorded.
    await this.#context.jobs.task({ label: 'Scoring the test part', action: 'run the acceptance test', unit: 'rows' }, async (_progress, signal) => {
      const scored = await this.#dataWorker.run((remote) =>
        remote.acceptanceMetrics(datasetId, { preprocessor: model.preprocessor, parameters: model.parameters, target: model.target }), signal);
      const verdict = judge(criteria, scored.metrics);
      await this.#context.store().addAcceptanceRun(model.id, {
        at: Date.now(), criteria: criteria.map((c) => ({ ...c })), metrics: scored.metrics,
        passed: verdict.passed, results: verdict.results, testRows: scored.testRows,
      });
      await this.reread();
      this.#context.announce('project', projectId);
    });
  }

  /**
   * Has the data worker prepare the training matrices of `request` and post them on a new
   * channel; returns the channel's other end (for the train worker) and what was sent.
   */
  async #sendTrainingData(datasetId: string, request: TrainRequest) {
    const { port1, port2 } = new MessageChannel();
    const info = await this.#dataWorker.run((remote) =>
      remote.sendTrainingData(datasetId, { target: request.target, task: request.task, features: request.features, kind: request.settings.kind }, Comlink.transfer(port1, [port1])),
    );
    return { port: port2, info };
  }
}

import { describe, expect, it } from 'vitest';
import { DataSteps } from '$src/state/data-steps.svelte';
import { Cancelled } from '$src/core/cancellation';
import type { DataApi } from '$workers/data.worker';
import type { SessionSummary } from '$src/core/data/session';
import type { DatasetRecord } from '$src/storage';
import { datasetInput } from '../storage/helpers';
import { deferred, fakeBridge, testContext, tick, type FakeApi, type TestContext } from './fakes';

function summaryOf(dataset: DatasetRecord, version = 1): SessionSummary {
  return {
    dataset, version, recipe: [], rules: [], split: null,
    prepared: { rowCount: dataset.rowCount, columns: dataset.columns },
    visibleRows: dataset.rowCount, sealedRows: 0, replayError: null, unsplitRows: 0,
  };
}

/** A context whose project has one stored dataset, made the active one. */
async function withDataset(step = 'clean'): Promise<{ context: TestContext; dataset: DatasetRecord }> {
  const context = await testContext(step);
  const dataset = await context.db.saveDataset(datasetInput(context.projectId()!), [new Uint8Array([1])]);
  await context.db.updateProject(context.projectId()!, { activeDatasetId: dataset.id });
  await context.refreshProjects();
  return { context, dataset };
}

async function opened(api: FakeApi<DataApi>, step = 'clean') {
  const { context, dataset } = await withDataset(step);
  const worker = fakeBridge<DataApi>({ open: async () => summaryOf(dataset), close: async () => undefined, ...api });
  const data = new DataSteps(context, worker);
  await data.show();
  context.announced.length = 0;
  return { context, dataset, data, worker };
}

describe('DataSteps', () => {
  it('opens the project’s active dataset in the worker, and none when the project has none', async () => {
    const { data, dataset } = await opened({});
    expect(data.datasets.map((d) => d.id)).toEqual([dataset.id]);
    expect(data.dataset?.id).toBe(dataset.id);
    expect(data.session?.version).toBe(1);

    const empty = await testContext();
    let closed = 0;
    const none = new DataSteps(empty, fakeBridge<DataApi>({ close: async () => void closed++ }));
    await none.show();
    expect(none.session).toBeNull();
    expect(closed).toBe(1);
    expect(() => none.datasetId()).toThrow('There is no dataset open. Load one in the Data step.');
  });

  it('shows and announces the summary a pipeline change answers with, for every kind of change', async () => {
    let version = 1;
    const { data, context, dataset } = await opened({
      applyStep: async () => summaryOf(dataset, ++version),
      addRule: async () => summaryOf(dataset, ++version),
      removeRule: async () => summaryOf(dataset, ++version),
      split: async () => summaryOf(dataset, ++version),
      saveLabel: async () => summaryOf(dataset, ++version),
    });
    expect(await data.applyStep({ kind: 'drop-columns', columns: ['species'] } as never)).toBe(true);
    expect(await data.addRule({} as never)).toBe(true);
    await data.removeRule('r1');
    expect(await data.splitData({} as never)).toBe(true);
    expect(await data.saveLabel('species', 3, 'setosa')).toBe(true);
    expect(data.session?.version).toBe(6);
    expect(context.announced).toEqual(Array(5).fill({ kind: 'project', projectId: context.projectId() }));
  });

  it('keeps the summary shown when a change fails, and says why on the step it was asked from', async () => {
    const { data, context } = await opened({
      applyStep: async () => {
        throw Object.assign(new Error('Column "x" is gone: the step cannot apply.'), { name: 'RecipeError' });
      },
    });
    const before = data.session;
    expect(await data.applyStep({} as never)).toBe(false);
    expect(data.session).toBe(before);
    expect(context.messages.error).toBe('Column "x" is gone: the step cannot apply.');
    expect(context.announced).toEqual([]);
  });

  it('says when undoing a step also removed the split made after it', async () => {
    const { data, context, dataset } = await opened({ undo: async () => ({ summary: summaryOf(dataset, 2), removedSplit: true }) });
    await data.undo();
    expect(data.session?.version).toBe(2);
    expect(context.messages.notice).toBe('The split was made after that step, so it was removed too. Split the data again in the Split step.');
  });

  it('loads a file, lists the new dataset and names the loads it replaced', async () => {
    const first = deferred<SessionSummary>();
    const { data, context, dataset } = await opened({
      loadFile: async (_jobId: string, file: File) => {
        if (file.name === 'big.csv') return first.promise;
        const stored = await context.db.saveDataset(datasetInput(context.projectId()!, { name: file.name }), [new Uint8Array([2])]);
        return summaryOf(stored);
      },
    }, 'data');
    const big = data.loadFile(new File(['a'], 'big.csv'));
    await tick();
    const small = data.loadFile(new File(['b'], 'small.csv'));
    await Promise.all([big, small]);
    expect(data.dataset?.name).toBe('small.csv');
    expect(data.datasets.map((d) => d.name)).toEqual([dataset.name, 'small.csv']);
    expect(context.messages.notice).toBe('small.csv is loaded. Chosen before it and stopped unfinished, so they changed nothing: big.csv.');
    expect(context.announced).toEqual([{ kind: 'project', projectId: context.projectId() }]);
  });

  it('keeps the open dataset when a load is cancelled', async () => {
    const { data, context, dataset } = await opened({
      loadFile: (_jobId: string, _file: File) => new Promise<SessionSummary>(() => undefined),
    }, 'data');
    const load = data.loadFile(new File(['a'], 'slow.csv'));
    await tick();
    context.jobs.job!.cancel!();
    await load;
    expect(data.dataset?.id).toBe(dataset.id);
    expect(context.messages.notice).toBe('Reading slow.csv was cancelled. Nothing was changed.');
  });

  it('says on the Train step that appended live data waits for a new model', async () => {
    const { data, context, dataset } = await opened({ appendLiveData: async () => summaryOf(dataset, 9) }, 'monitor');
    expect(await data.addLiveData(new File(['x'], 'week-2.csv'))).toBe(true);
    expect(data.session?.version).toBe(9);
    expect(context.messages.notice).toBeNull();
    context.messages.enterStep('train');
    expect(context.messages.notice).toBe('week-2.csv was appended to the data and the split was made again with the same settings. Train a new model to use it.');
  });

  it('opens the dataset again in a restarted worker, and reads the pipeline again after another tab saved it', async () => {
    let opens = 0;
    let closes = 0;
    const { context, dataset } = await withDataset();
    const data = new DataSteps(context, fakeBridge<DataApi>({
      open: async () => summaryOf(dataset, 10 + ++opens),
      close: async () => void closes++,
    }));
    await data.show();
    expect(data.session?.version).toBe(11);
    data.reopen();
    await tick();
    expect(data.session?.version).toBe(12);
    await data.reread();
    expect(closes).toBe(1);
    expect(data.session?.version).toBe(13);
  });

  it('shows an alert and no dataset when the worker cannot open it', async () => {
    const { context, dataset } = await withDataset();
    const data = new DataSteps(context, fakeBridge<DataApi>({
      open: async () => {
        throw new Cancelled();
      },
    }));
    await data.show();
    expect(data.session).toBeNull();
    expect(context.messages.error).toContain(`open the dataset "${dataset.name}"`);
  });
});

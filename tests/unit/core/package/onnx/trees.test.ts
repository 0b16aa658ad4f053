/**
 * Tree ensembles in the ONNX export: random seeded ensembles (depths 1–8, NaN inputs, rows exactly
 * at thresholds, 1, 2 and K outputs, sum and average, each link) run in onnxruntime-node and
 * onnxruntime-web and agree with `predictEnsemble` (max difference ≤ 1e-5, every label equal); the
 * graph passes the reference checker; a 300-tree, 31-leaf model stays small.
 */
import onnxProto from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import type { TreeEnsemble } from '$src/core/model/trees/ensemble';
import { predictEnsemble } from '$src/core/model/trees/ensemble';
import type { TargetEncoding, Task } from '$src/core/model/types';
import { GraphBuilder, attr } from '$src/core/package/onnx/builder';
import type { Attribute } from '$src/core/package/onnx/builder';
import { ExportError } from '$src/core/package/onnx/errors';
import { regressorNodes } from '$src/core/package/onnx/trees';
import { createRandom } from '$src/core/random';
import { CHECKER_UNAVAILABLE, RUNTIMES, checkWithOnnx } from './helpers';
import type { EnsembleSpec } from './tree-fixtures';
import {
  REGRESSION_TARGET,
  classTarget,
  columnPools,
  designMatrix,
  ensembleGraph,
  firstArgMax,
  maxDifference,
  randomEnsemble,
  randomTree,
  runDesign,
} from './tree-fixtures';

const { onnx } = onnxProto;

interface Case {
  name: string;
  spec: EnsembleSpec;
  task: Task;
  target: TargetEncoding;
}

const CASES: Case[] = [
  { name: 'regression, boosted (sum, identity)', spec: { outputs: 1, perOutput: 60, aggregate: 'sum', link: 'identity', maxDepth: 8, leafScale: 0.5 }, task: 'regression', target: REGRESSION_TARGET },
  { name: 'regression, forest (average, identity)', spec: { outputs: 1, perOutput: 40, aggregate: 'average', link: 'identity', maxDepth: 8, leafScale: 20 }, task: 'regression', target: REGRESSION_TARGET },
  { name: 'binary, boosted (sum, sigmoid)', spec: { outputs: 1, perOutput: 80, aggregate: 'sum', link: 'sigmoid', maxDepth: 6, leafScale: 0.3 }, task: 'classification', target: classTarget(['no', 'yes']) },
  { name: 'binary, boosted with integer classes (int64 label)', spec: { outputs: 1, perOutput: 30, aggregate: 'sum', link: 'sigmoid', maxDepth: 3, leafScale: 0.4 }, task: 'classification', target: classTarget(['0', '1']) },
  { name: 'multiclass, boosted (sum, softmax, 3 outputs)', spec: { outputs: 3, perOutput: 40, aggregate: 'sum', link: 'softmax', maxDepth: 8, leafScale: 0.3 }, task: 'classification', target: classTarget(['Adelie', 'Chinstrap', 'Gentoo']) },
  { name: 'multiclass, forest (average, identity, 4 outputs)', spec: { outputs: 4, perOutput: 25, aggregate: 'average', link: 'identity', maxDepth: 7, leafScale: 0.3 }, task: 'classification', target: classTarget(['-1', '0', '2', '7']) },
  { name: 'binary, forest (average, identity, 2 outputs)', spec: { outputs: 2, perOutput: 20, aggregate: 'average', link: 'identity', maxDepth: 5, leafScale: 0.3 }, task: 'classification', target: classTarget(['false', 'true']) },
  { name: 'one decision tree (depth 1)', spec: { outputs: 1, perOutput: 1, aggregate: 'sum', link: 'identity', maxDepth: 1, leafScale: 3 }, task: 'regression', target: REGRESSION_TARGET },
];

const ROWS = 400;
const WIDTH = 7;

/** The largest |onnx − predictEnsemble| seen, over every case, row and runtime. */
const measured = { probability: 0, predictionRelative: 0 };
afterAll(() => {
  console.info(`Tree parity, max |onnx − predictEnsemble|: probabilities ${measured.probability.toExponential(2)}, predictions (relative) ${measured.predictionRelative.toExponential(2)}`);
});

function classesOf(target: TargetEncoding, ensemble: TreeEnsemble): number {
  return ensemble.link === 'sigmoid' ? 2 : target.task === 'classification' ? target.classes.length : 1;
}

describe('emitTreeEnsemble: parity with predictEnsemble', () => {
  for (const [c, testCase] of CASES.entries()) {
    for (const { name: runtime, ort } of RUNTIMES) {
      it(`${testCase.name} in ${runtime}`, async () => {
        const random = createRandom(1300 + c);
        const pools = columnPools(random.fork('pools'), WIDTH);
        const ensemble = randomEnsemble(random.fork('trees'), pools, testCase.spec);
        const x = designMatrix(random.fork('rows'), pools, ROWS);
        const expected = predictEnsemble(ensemble, x);
        const out = await runDesign(ort, ensembleGraph(ensemble, WIDTH, testCase.task, testCase.target), x);
        const columns = classesOf(testCase.target, ensemble);
        if (testCase.task === 'regression') {
          expect(Object.keys(out)).toEqual(['prediction']);
          const relative = maxDifference(out.prediction as Float32Array, expected) / Math.max(1, ...Array.from(expected, Math.abs));
          measured.predictionRelative = Math.max(measured.predictionRelative, relative);
          expect(relative).toBeLessThanOrEqual(1e-5);
          return;
        }
        expect(Object.keys(out).sort()).toEqual(['label', 'probabilities']);
        const p = out.probabilities as Float32Array;
        expect(p.length).toBe(ROWS * columns);
        measured.probability = Math.max(measured.probability, maxDifference(p, expected));
        expect(maxDifference(p, expected)).toBeLessThanOrEqual(1e-5);
        const classes = testCase.target.classes;
        const labels = Array.from(out.label as ArrayLike<unknown>, String);
        expect(labels).toEqual(firstArgMax(expected, columns).map((k) => classes[k]));
      });
    }
  }

  it('the data really test the split rule: rows at thresholds and NaN both ways', () => {
    const random = createRandom(1300);
    const pools = columnPools(random.fork('pools'), WIDTH);
    const ensemble = randomEnsemble(random.fork('trees'), pools, CASES[0].spec);
    const x = designMatrix(random.fork('rows'), pools, ROWS);
    let atThreshold = 0;
    let missingLeft = 0;
    let missingRight = 0;
    for (const { tree } of ensemble.trees) {
      for (let r = 0; r < ROWS; r++) {
        let node = 0;
        while (tree.feature[node] >= 0) {
          const v = x.values[r * WIDTH + tree.feature[node]];
          if (v === tree.threshold[node]) atThreshold++;
          const left = Number.isNaN(v) ? tree.missingLeft[node] === 1 : v <= tree.threshold[node];
          if (Number.isNaN(v)) {
            if (left) missingLeft++;
            else missingRight++;
          }
          node = left ? tree.left[node] : tree.right[node];
        }
      }
    }
    expect(atThreshold).toBeGreaterThan(100);
    expect(missingLeft).toBeGreaterThan(50);
    expect(missingRight).toBeGreaterThan(50);
  });

  it('an ensemble with no trees (boosting stopped before its first) answers its base values', async () => {
    const ensemble: TreeEnsemble = { trees: [], outputs: 1, base: Float32Array.of(-0.75), aggregate: 'sum', link: 'sigmoid' };
    const random = createRandom(7);
    const x = designMatrix(random, columnPools(random.fork('pools'), 2), 5);
    const out = await runDesign(RUNTIMES[0].ort, ensembleGraph(ensemble, 2, 'classification', classTarget(['a', 'b'])), x);
    expect(maxDifference(out.probabilities as Float32Array, predictEnsemble(ensemble, x))).toBeLessThanOrEqual(1e-7);
    expect(out.label).toEqual(['a', 'a', 'a', 'a', 'a']);
  });

  it('a single-leaf tree (a constant target) exports and answers its leaf', async () => {
    const leaf = randomTree(createRandom(3), [Float32Array.of(0)], 0, () => 12.5);
    const ensemble: TreeEnsemble = { trees: [{ tree: leaf, output: 0 }], outputs: 1, base: Float32Array.of(100), aggregate: 'average', link: 'identity' };
    const x = { rows: 3, width: 1, values: Float32Array.of(1, NaN, -4) };
    const out = await runDesign(RUNTIMES[0].ort, ensembleGraph(ensemble, 1, 'regression', REGRESSION_TARGET), x);
    expect(Array.from(out.prediction as Float32Array)).toEqual([112.5, 112.5, 112.5]);
  });
});

describe('emitTreeEnsemble: how onnxruntime adds the leaves', () => {
  it('sums in float32: leaves below half an ulp of the running sum are lost, unlike the float64 reference', async () => {
    // 1 + 100 × 0.75·2^-24: each float32 addition rounds back to 1; in float64 the sum is 1 + 4.5e-6.
    const tiny = Math.fround(0.75 * 2 ** -24);
    const leafTree = (value: number) => randomTree(createRandom(0), [Float32Array.of(0)], 0, () => value);
    const ensemble: TreeEnsemble = {
      trees: [{ tree: leafTree(1), output: 0 }, ...Array.from({ length: 100 }, () => ({ tree: leafTree(tiny), output: 0 }))],
      outputs: 1,
      base: Float32Array.of(0),
      aggregate: 'sum',
      link: 'identity',
    };
    const x = { rows: 1, width: 1, values: Float32Array.of(0) };
    const out = await runDesign(RUNTIMES[0].ort, ensembleGraph(ensemble, 1, 'regression', REGRESSION_TARGET), x);
    expect((out.prediction as Float32Array)[0]).toBe(1);
    expect(predictEnsemble(ensemble, x)[0]).toBe(Math.fround(1 + 100 * tiny));
  });

  it("ORT's in-node AVERAGE divides by all the node's trees, not each output's (why several outputs are summed, then divided)", async () => {
    // One tree per output, leaves 1 and 1: ORT answers 0.5 each, the per-output average is 1.
    const one = (value: number) => randomTree(createRandom(0), [Float32Array.of(0)], 0, () => value);
    const nodes = regressorNodes({ trees: [{ tree: one(1), output: 0 }, { tree: one(1), output: 1 }], outputs: 2, base: new Float32Array(2), aggregate: 'average', link: 'identity' }, 1);
    const g = new GraphBuilder({ name: 'average' });
    const x = g.addInput('x', 'float32', ['N', 1]);
    const attributes: Record<string, Attribute> = { n_targets: attr.int(2), aggregate_function: attr.string('AVERAGE') };
    for (const [key, value] of Object.entries(nodes)) {
      attributes[key] = key === 'nodes_modes' ? attr.strings(value as string[]) : key === 'nodes_values' || key === 'target_weights' ? attr.floats(value as number[]) : attr.ints(value as number[]);
    }
    const [y] = g.addNode('TreeEnsembleRegressor', [x], ['y'], attributes, { domain: 'ai.onnx.ml' });
    g.addOutput(y, 'float32', ['N', 2]);
    const session = await RUNTIMES[0].ort.InferenceSession.create(g.build());
    const out = await session.run({ x: new RUNTIMES[0].ort.Tensor('float32', Float32Array.of(0), [1, 1]) });
    await session.release();
    expect(Array.from(out.y.data as Float32Array)).toEqual([0.5, 0.5]);
    const ensemble: TreeEnsemble = { trees: [{ tree: one(1), output: 0 }, { tree: one(1), output: 1 }], outputs: 2, base: new Float32Array(2), aggregate: 'average', link: 'identity' };
    const exported = await runDesign(RUNTIMES[0].ort, ensembleGraph(ensemble, 1, 'classification', classTarget(['a', 'b'])), { rows: 1, width: 1, values: Float32Array.of(0) });
    expect(Array.from(exported.probabilities as Float32Array)).toEqual([1, 1]);
  });
});

describe('regressorNodes', () => {
  it('renumbers each tree depth-first, marks splits BRANCH_LEQ with the learned missing direction, one weight per leaf', () => {
    // Stored order: 0 root (x1 <= 0.5, NaN left), 1 leaf 3, 2 split (x0 <= -1, NaN right), 3 leaf 1, 4 leaf 2.
    const tree = {
      feature: Int32Array.of(1, -1, 0, -1, -1),
      threshold: Float32Array.of(0.5, 0, -1, 0, 0),
      missingLeft: Uint8Array.of(1, 0, 0, 0, 0),
      left: Int32Array.of(2, -1, 3, -1, -1),
      right: Int32Array.of(1, -1, 4, -1, -1),
      value: Float32Array.of(0, 3, 0, 1, 2),
      samples: new Int32Array(5),
    };
    const n = regressorNodes({ trees: [{ tree, output: 1 }], outputs: 2, base: new Float32Array(2), aggregate: 'sum', link: 'identity' }, 2);
    expect(n.nodes_nodeids).toEqual([0, 1, 2, 3, 4]);
    expect(n.nodes_modes).toEqual(['BRANCH_LEQ', 'BRANCH_LEQ', 'LEAF', 'LEAF', 'LEAF']);
    expect(n.nodes_featureids).toEqual([1, 0, 0, 0, 0]);
    expect(n.nodes_values).toEqual([0.5, -1, 0, 0, 0]);
    expect(n.nodes_truenodeids).toEqual([1, 2, 0, 0, 0]);
    expect(n.nodes_falsenodeids).toEqual([4, 3, 0, 0, 0]);
    expect(n.nodes_missing_value_tracks_true).toEqual([1, 0, 0, 0, 0]);
    expect(n.target_nodeids).toEqual([2, 3, 4]);
    expect(n.target_weights).toEqual([1, 2, 3]);
    expect(n.target_ids).toEqual([1, 1, 1]);
  });
});

describe('emitTreeEnsemble: the graph', () => {
  it.skipIf(CHECKER_UNAVAILABLE !== null)('passes onnx.checker.check_model(full_check=True) for each link and both aggregates', () => {
    // One graph per path through the exporter: sum, in-node average, average + Div, sigmoid, softmax.
    for (const c of [0, 1, 2, 4, 5]) {
      const testCase = CASES[c];
      const random = createRandom(1300 + c);
      const ensemble = randomEnsemble(random.fork('trees'), columnPools(random.fork('pools'), WIDTH), testCase.spec);
      expect(checkWithOnnx(ensembleGraph(ensemble, WIDTH, testCase.task, testCase.target)), testCase.name).toBeNull();
    }
  });

  it('is one TreeEnsembleRegressor of ai.onnx.ml 3 and never a classifier or ZipMap', () => {
    const random = createRandom(5);
    const ensemble = randomEnsemble(random, columnPools(random.fork('pools'), 3), { outputs: 1, perOutput: 5, aggregate: 'sum', link: 'sigmoid', maxDepth: 3, leafScale: 1 });
    const m = onnx.ModelProto.decode(ensembleGraph(ensemble, 3, 'classification', classTarget(['a', 'b'])));
    const ops = m.graph!.node!.map((n) => n.opType);
    expect(ops.filter((op) => op === 'TreeEnsembleRegressor')).toHaveLength(1);
    expect(ops).not.toContain('TreeEnsembleClassifier');
    expect(ops).not.toContain('ZipMap');
    expect(m.opsetImport!.map((o) => [o.domain, Number(o.version)])).toContainEqual(['ai.onnx.ml', 3]);
  });

  it('a 300-tree, 31-leaf boosted model stays a few MB (size logged)', async () => {
    const random = createRandom(31);
    const pools = columnPools(random.fork('pools'), 12, 200);
    const trees: TreeEnsemble['trees'] = [];
    for (let t = 0; t < 300; t++) trees.push({ tree: leafWiseTree(random.fork(t), pools, 31), output: 0 });
    const ensemble: TreeEnsemble = { trees, outputs: 1, base: Float32Array.of(-0.4), aggregate: 'sum', link: 'sigmoid' };
    const bytes = ensembleGraph(ensemble, 12, 'classification', classTarget(['no', 'yes']));
    console.info(`300 trees × 31 leaves (${300 * 61} nodes): ${bytes.length} bytes (${(bytes.length / 2 ** 20).toFixed(2)} MiB)`);
    expect(bytes.length).toBeLessThan(3 * 2 ** 20);
    const x = designMatrix(random.fork('rows'), pools, 2000);
    const out = await runDesign(RUNTIMES[0].ort, bytes, x);
    expect(maxDifference(out.probabilities as Float32Array, predictEnsemble(ensemble, x))).toBeLessThanOrEqual(1e-5);
    // One row at a time (as a served request): ORT then splits the trees, not the rows, over threads.
    for (let r = 0; r < 5; r++) {
      const row = { rows: 1, width: 12, values: x.values.slice(r * 12, (r + 1) * 12) };
      const one = await runDesign(RUNTIMES[0].ort, bytes, row);
      expect(maxDifference(one.probabilities as Float32Array, predictEnsemble(ensemble, row))).toBeLessThanOrEqual(1e-5);
    }
  });
});

/** A tree grown leaf-wise to exactly `leaves` leaves (splitting a random leaf each time), as boosting grows them. */
function leafWiseTree(random: ReturnType<typeof createRandom>, pools: Float32Array[], leaves: number): TreeEnsemble['trees'][number]['tree'] {
  const n = 2 * leaves - 1;
  const tree = {
    feature: new Int32Array(n).fill(-1),
    threshold: new Float32Array(n),
    missingLeft: new Uint8Array(n),
    left: new Int32Array(n).fill(-1),
    right: new Int32Array(n).fill(-1),
    value: new Float32Array(n),
    samples: new Int32Array(n),
  };
  const open = [0];
  let used = 1;
  tree.value[0] = random.normal(0, 0.1);
  while (open.length < leaves) {
    const node = open.splice(random.int(open.length), 1)[0];
    const f = random.int(pools.length);
    tree.feature[node] = f;
    tree.threshold[node] = pools[f][random.int(pools[f].length)];
    tree.missingLeft[node] = random.next() < 0.5 ? 1 : 0;
    tree.left[node] = used;
    tree.right[node] = used + 1;
    tree.value[node] = 0;
    tree.value[used] = random.normal(0, 0.1);
    tree.value[used + 1] = random.normal(0, 0.1);
    open.push(used, used + 1);
    used += 2;
  }
  return tree;
}

describe('emitTreeEnsemble: refusals', () => {
  const random = createRandom(9);
  const pools = columnPools(random, 3);
  const base = (): TreeEnsemble => randomEnsemble(createRandom(10), pools, { outputs: 1, perOutput: 3, aggregate: 'sum', link: 'sigmoid', maxDepth: 3, leafScale: 1 });
  const refuse = (ensemble: TreeEnsemble, pattern: RegExp, task: Task = 'classification', target: TargetEncoding = classTarget(['a', 'b']), width = 3) => {
    expect(() => ensembleGraph(ensemble, width, task, target)).toThrow(ExportError);
    expect(() => ensembleGraph(ensemble, width, task, target)).toThrow(pattern);
  };

  it('refuses a split on a column the preprocessing does not give', () => {
    refuse(base(), /splits on design column \d+, but the preprocessing gives 1 columns/, 'classification', classTarget(['a', 'b']), 1);
  });

  it('refuses a tree that reaches a node twice', () => {
    const e = base();
    const t = e.trees[0].tree;
    t.right[0] = t.left[0];
    refuse(e, /Tree 1 of 3 reaches node \d+ twice/);
  });

  it('refuses a child outside the tree, a NaN threshold or leaf value, a wrong output', () => {
    const outside = base();
    outside.trees[1].tree.left[0] = 999;
    refuse(outside, /Tree 2 of 3 points to node 999/);
    const nanThreshold = base();
    nanThreshold.trees[0].tree.threshold[0] = NaN;
    refuse(nanThreshold, /threshold is not a number/);
    const nanLeaf = base();
    const t = nanLeaf.trees[2].tree;
    t.value[t.feature.findIndex((f) => f < 0)] = Infinity;
    refuse(nanLeaf, /leaf value that is Infinity/);
    const output = base();
    output.trees[0].output = 1;
    refuse(output, /adds to output 1, but the model has 1 output/);
  });

  it('refuses a link that does not fit the task or the classes', () => {
    refuse(base(), /gives 2 probabilities but the target y has 3 classes/, 'classification', classTarget(['a', 'b', 'c']));
    refuse({ ...base(), outputs: 2, base: new Float32Array(2) }, /two-class question with one margin/);
    refuse({ ...base(), link: 'softmax' }, /1 probabilities but the target y has 2 classes/);
    refuse({ ...base(), link: 'identity' }, /1 probabilities but the target y has 2 classes/);
    refuse({ ...base(), link: 'identity', outputs: 1 }, /is a regression model but its target y is encoded for classification/, 'regression', classTarget(['a', 'b']));
    refuse({ ...base(), base: Float32Array.of(NaN) }, /base value is NaN/);
  });
});

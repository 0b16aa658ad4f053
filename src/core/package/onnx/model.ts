/**
 * The model subgraph: design matrix → the contract's outputs, mirroring `core/model/predict.ts`.
 *
 *   design [N, width] float32 ─ Cast(double)
 *     ─ for each layer: Gemm(B = weights [in × out], transB = 0, C = bias) ─ Relu | Tanh | Sigmoid
 *   classification:
 *     ─ Softmax(axis 1) ─ Cast(float) ─▶ probabilities [N, C] float32
 *       probabilities ─ ArgMax(axis 1, keepdims 0) ─ Gather(classes) ─▶ label [N]
 *       (int64 when every class is a whole number written plainly, else string)
 *   regression:
 *     ─ Mul(outputScale.std) ─ Add(outputScale.mean) ─ Cast(float) ─▶ prediction [N, 1] float32
 *
 * The layers run in double, as the studio's forward pass does (float64 sums and activations,
 * only the output rounded to float32), so the graph gives the studio's numbers, not just numbers
 * close to them. The label is the first most probable class of the float32 probabilities, as
 * `predictLabels` takes it (ArgMax keeps the first of equal values).
 *
 * One exporter per model kind: each checks the parameters fit its kind and task, then writes the
 * dense stack (the baseline is one layer with zero weights and the constant in the bias).
 */
import type { DenseLayer, DenseModelKind, DenseParameters, TargetEncoding, Task } from '../../model/types';
import { DATA_TYPE, attr } from './builder';
import type { ElementType, GraphBuilder } from './builder';
import { ExportError } from './errors';
import type { DesignValue } from './preprocess';

/** The contract's output names. */
export const OUTPUT = { label: 'label', probabilities: 'probabilities', prediction: 'prediction' } as const;

const KIND_NOUN: Record<DenseModelKind, string> = {
  baseline: 'baseline',
  'linear-regression': 'linear regression',
  'logistic-regression': 'logistic regression',
  mlp: 'neural network',
};

/** The largest whole number an int64 class label is written for (beyond it, a float64 text is not exact). */
const INT64_LIMIT = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Whether the label output is int64: every class is a whole number written plainly (as `String`
 * writes an integer: no '+', no leading zeros, no '-0', no exponent) within ±2^53.
 */
export function labelType(classes: readonly string[]): 'int64' | 'string' {
  if (classes.length === 0) return 'string';
  for (const c of classes) {
    if (!/^-?(0|[1-9][0-9]*)$/.test(c) || c === '-0') return 'string';
    const v = BigInt(c);
    if (v > INT64_LIMIT || v < -INT64_LIMIT) return 'string';
  }
  return 'int64';
}

function checkLayers(parameters: DenseParameters, width: number): void {
  const layers = parameters.layers;
  if (!Array.isArray(layers) || layers.length === 0) throw new ExportError('The model has no layers, so there is nothing to export.');
  let inputs = width;
  layers.forEach((layer, i) => {
    const which = `Layer ${i + 1} of ${layers.length}`;
    if (layer.inputs !== inputs) {
      throw new ExportError(
        i === 0
          ? `The model takes ${layer.inputs} input columns but its preprocessing gives ${width}: they do not belong together.`
          : `${which} takes ${layer.inputs} inputs but the layer before gives ${inputs}.`,
      );
    }
    if (!Number.isInteger(layer.outputs) || layer.outputs < 1) throw new ExportError(`${which} has ${layer.outputs} outputs.`);
    if (layer.weights.length !== layer.inputs * layer.outputs || layer.bias.length !== layer.outputs) {
      throw new ExportError(`${which} has ${layer.weights.length} weights and ${layer.bias.length} biases for ${layer.inputs} inputs and ${layer.outputs} outputs.`);
    }
    for (const values of [layer.weights, layer.bias]) {
      for (let k = 0; k < values.length; k++) {
        if (!Number.isFinite(values[k])) {
          throw new ExportError(`${which} has a ${values === layer.bias ? 'bias' : 'weight'} that is ${numberWords(values[k])}: the training went wrong, so the model cannot be exported. Train it again (a lower learning rate may help).`);
        }
      }
    }
    if (!['linear', 'relu', 'tanh', 'sigmoid'].includes(layer.activation)) {
      throw new ExportError(`${which} has the activation ${String(layer.activation)}, which the exporter does not know.`);
    }
    inputs = layer.outputs;
  });
}

function numberWords(x: number): string {
  return Number.isNaN(x) ? 'not a number' : 'infinite';
}

function checkTask(parameters: DenseParameters, target: TargetEncoding): void {
  checkTaskOutputs(parameters.task, target, parameters.layers[parameters.layers.length - 1].outputs);
  if (parameters.task === 'regression') {
    const s = parameters.outputScale;
    if (s !== null && s !== undefined && !(Number.isFinite(s.mean) && Number.isFinite(s.std))) {
      throw new ExportError(`The model's output scale (mean ${s.mean}, standard deviation ${s.std}) is not a pair of numbers.`);
    }
  }
}

/**
 * Checks that a model of `task` giving `out` values per row fits its target: one value for
 * regression, one probability per class (at least two, named once each) for classification.
 * Shared by every model family, so each refuses the same mismatches in the same words.
 */
export function checkTaskOutputs(task: Task, target: TargetEncoding, out: number): void {
  if (task !== 'classification' && task !== 'regression') throw new ExportError(`The model's task (${String(task)}) is neither classification nor regression.`);
  if (target.task !== task) throw new ExportError(`The model is a ${task} model but its target ${target.column} is encoded for ${target.task}.`);
  if (task === 'classification') {
    const classes = target.classes;
    if (classes.length < 2) throw new ExportError(`A classification model needs at least two classes; the target ${target.column} has ${classes.length}.`);
    if (new Set(classes).size !== classes.length) throw new ExportError(`The target ${target.column} lists a class twice.`);
    if (classes.some((c) => typeof c !== 'string')) throw new ExportError(`The target ${target.column} has a class name that is not text.`);
    if (out !== classes.length) throw new ExportError(`The model gives ${out} probabilities but the target ${target.column} has ${classes.length} classes.`);
  } else if (out !== 1) throw new ExportError(`A regression model gives one output; this one gives ${out}.`);
}

/** Per kind: what its parameters must look like beyond the shared checks. */
function checkKind(parameters: DenseParameters): void {
  const { kind, task, layers } = parameters;
  const noun = KIND_NOUN[kind];
  if (noun === undefined) throw new ExportError(`The model kind ${String(kind)} is not one the exporter knows.`);
  const single = (why: string): void => {
    if (layers.length !== 1 || layers[0].activation !== 'linear') throw new ExportError(`A ${noun} model is one linear layer (${why}); this one has ${layers.length} layers.`);
  };
  switch (kind) {
    case 'baseline':
      single('zero weights, the constant in the bias');
      return;
    case 'linear-regression':
      if (task !== 'regression') throw new ExportError('A linear regression model predicts numbers; this one is stored as a classification model.');
      single('one weight per design column');
      return;
    case 'logistic-regression':
      if (task !== 'classification') throw new ExportError('A logistic regression model predicts classes; this one is stored as a regression model.');
      single('one weight per design column and class');
      return;
    case 'mlp':
      if (layers[layers.length - 1].activation !== 'linear') {
        throw new ExportError('The last layer of a neural network must be linear (its softmax or output scale comes after it); this one is not.');
      }
      return;
  }
}

function denseLayer(g: GraphBuilder, input: string, layer: DenseLayer, index: number): string {
  const n = index + 1;
  const weights = g.addInitializer(`layer${n}:weights`, Float64Array.from(layer.weights), [layer.inputs, layer.outputs]);
  const bias = g.addInitializer(`layer${n}:bias`, Float64Array.from(layer.bias), [layer.outputs]);
  const [z] = g.addNode('Gemm', [input, weights, bias], [`layer${n}:linear`], { transB: attr.int(0) }, { name: `layer${n}` });
  if (layer.activation === 'linear') return z;
  const op = layer.activation === 'relu' ? 'Relu' : layer.activation === 'tanh' ? 'Tanh' : 'Sigmoid';
  return g.addNode(op, [z], [`layer${n}:${layer.activation}`])[0];
}

/** A node whose single output must carry exactly `name` (a contract output). */
function exact(g: GraphBuilder, name: string, op: string, inputs: string[], attributes: Parameters<GraphBuilder['addNode']>[3]): string {
  if (g.has(name)) throw new ExportError(`The name ${name} is taken by an input; rename the column ${name} before exporting.`);
  const [out] = g.addNode(op, inputs, [name], attributes);
  return out;
}

export interface OutputInfo {
  name: string;
  type: ElementType;
  shape: (number | string)[];
}

/**
 * Adds the model subgraph after `design` and declares the graph's outputs; returns them.
 * Throws ExportError when the parameters do not fit the kind, the task or the preprocessing.
 */
export function emitModel(g: GraphBuilder, design: DesignValue, parameters: DenseParameters, target: TargetEncoding): OutputInfo[] {
  checkLayers(parameters, design.width);
  checkKind(parameters);
  checkTask(parameters, target);

  let h = g.addNode('Cast', [design.name], ['design:double'], { to: attr.int(DATA_TYPE.float64) })[0];
  parameters.layers.forEach((layer, i) => {
    h = denseLayer(g, h, layer, i);
  });

  if (parameters.task === 'regression') {
    const s = parameters.outputScale;
    if (s !== null && s !== undefined) {
      h = g.addNode('Mul', [h, g.addInitializer('output:std', Float64Array.of(s.std), [1])], ['output:scaled'])[0];
      h = g.addNode('Add', [h, g.addInitializer('output:mean', Float64Array.of(s.mean), [1])], ['output:shifted'])[0];
    }
    return emitOutputs(g, h, 'regression', target);
  }
  const [soft] = g.addNode('Softmax', [h], ['softmax'], { axis: attr.int(1) });
  return emitOutputs(g, soft, 'classification', target);
}

/**
 * The contract's outputs from the model's answer `value` (float64 [N, C]: the class
 * probabilities, or the one predicted value): rounded to float32 once, and for classification
 * the label as the first most probable class of those float32 probabilities. Declares the
 * graph's outputs and returns them. Every model family ends here, so all give the same outputs.
 */
export function emitOutputs(g: GraphBuilder, value: string, task: Task, target: TargetEncoding): OutputInfo[] {
  if (task === 'regression') {
    const prediction = exact(g, OUTPUT.prediction, 'Cast', [value], { to: attr.int(DATA_TYPE.float32) });
    const info: OutputInfo = { name: prediction, type: 'float32', shape: ['N', 1] };
    g.addOutput(prediction, info.type, info.shape, { docString: `The predicted ${target.column}` });
    return [info];
  }

  const classes = target.classes;
  const probabilities = exact(g, OUTPUT.probabilities, 'Cast', [value], { to: attr.int(DATA_TYPE.float32) });
  const [index] = g.addNode('ArgMax', [probabilities], ['class_index'], { axis: attr.int(1), keepdims: attr.int(0), select_last_index: attr.int(0) });
  const type = labelType(classes);
  const names =
    type === 'int64'
      ? g.addInitializer('classes', BigInt64Array.from(classes, (c) => BigInt(c)), [classes.length])
      : g.addInitializer('classes', classes, [classes.length]);
  const label = exact(g, OUTPUT.label, 'Gather', [names, index], { axis: attr.int(0) });
  const outputs: OutputInfo[] = [
    { name: label, type, shape: ['N'] },
    { name: probabilities, type: 'float32', shape: ['N', classes.length] },
  ];
  g.addOutput(label, type, ['N'], { docString: `The most probable ${target.column}` });
  g.addOutput(probabilities, 'float32', ['N', classes.length], { docString: `The probability of each class of ${target.column}, in the order of the classes metadata` });
  return outputs;
}

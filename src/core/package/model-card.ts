/**
 * The model card: one Markdown document that says what a packaged model is, what data made it,
 * how it was prepared, split, trained, validated and tested, what the exported ONNX file takes and
 * gives, and what its owner still has to write (intended use, limitations, ethics).
 *
 * The card is built from stored records only, so the same records and `exportedAt` always give
 * the same text (no clock, no locale). Every piece of user text (dataset, column and category
 * names, step and rule descriptions, warnings) goes through {@link escapeMarkdown}: it cannot
 * break a table, start a line, or inject HTML into a renderer that allows it.
 */
import { formatDate, formatNumber } from '../data/profile/format';
import { describeStep } from '../data/recipe/replay';
import { describeSplit } from '../data/split/describe';
import { describeRule } from '../data/validate/rules';
import { PARITY_TOLERANCE } from '../deploy/feeds';
import { formatBytes } from '../format';
import { metricNames } from '../model/metrics';
import type { FittedFeature, ModelKind, TargetEncoding } from '../model/types';
import { SETTING_ROWS, howTrainingEnded, structureLine } from './model-card-training';
import { IR_VERSION, OPSETS } from './onnx/builder';
import { OUTPUT, labelType } from './onnx/model';
import type { AcceptanceRun, DatasetRecord, DatasetSource, MetricValues, ModelRecord, PipelineRecord } from '../records';

export interface ModelCardInput {
  model: ModelRecord;
  dataset: DatasetRecord;
  pipeline: PipelineRecord;
  /** The prepared data (after the recipe), when it was profiled. */
  profileSummary?: { rows: number; columns: { name: string; type: string; missing: number }[] };
  /** The parity check of the exported graph against the studio's own predictions; null when not run. */
  parity: { maxDifference: number; rows: number; labelsEqual: boolean; ok: boolean; tolerance?: number } | null;
  /** When the card (and the ONNX file) were made; the card's only clock. */
  exportedAt: Date;
  /** The ONNX file's name, e.g. 'penguins-mlp.onnx'. */
  fileName: string;
  sizeBytes?: number;
}

/** At most this many categories (and classes) are listed; the rest are counted. */
const LISTED_CATEGORIES = 12;
const LISTED_WARNINGS = 20;
const LISTED_IMPORTANCE = 10;
const DAY_MS = 86_400_000;

const MODEL_LABELS: Record<ModelKind, string> = {
  baseline: 'Baseline',
  'linear-regression': 'Linear regression',
  'logistic-regression': 'Logistic regression',
  mlp: 'Neural network (MLP)',
  'gradient-boosted-trees': 'Gradient-boosted trees',
  'random-forest': 'Random forest',
  'decision-tree': 'Decision tree',
};

const MODEL_WORDS: Record<ModelKind, string> = {
  baseline: 'A baseline model',
  'linear-regression': 'A linear regression',
  'logistic-regression': 'A logistic regression',
  mlp: 'A neural network (MLP)',
  'gradient-boosted-trees': 'Gradient-boosted trees',
  'random-forest': 'A random forest',
  'decision-tree': 'A decision tree',
};

/**
 * User text made safe for Markdown, in running text and in table cells alike: `<`, `>` and `&`
 * become entities (no HTML, no autolinks), line breaks become spaces (no new lines, rows or
 * headings), and the characters that make tables, code, emphasis and links are backslash-escaped.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/[\\`*_[\]|]/g, (c) => `\\${c}`);
}

const esc = escapeMarkdown;

/** A number with 4 significant digits ('—' for null or NaN). */
function num(value: number | null | undefined): string {
  return formatNumber(value, 4);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Epoch ms as 'YYYY-MM-DD HH:MM UTC'. */
function timestamp(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return 'unknown date';
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'unknown';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${num(seconds)} s`;
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  return hours > 0 ? `${hours} h ${minutes} min ${rest} s` : `${minutes} min ${rest} s`;
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** Escaped names, the first `limit` of them, then how many more. */
function list(values: readonly string[], limit = LISTED_CATEGORIES): string {
  const shown = values.slice(0, limit).map(esc).join(', ');
  return values.length > limit ? `${shown}, … (${values.length - limit} more, ${values.length} in all)` : shown;
}

function sourceWords(source: DatasetSource): string {
  switch (source.kind) {
    case 'file':
      return `file ${esc(source.fileName)} (${formatBytes(source.size)})`;
    case 'sample':
      return `sample dataset ${esc(source.sample)}`;
    case 'synthetic': {
      const options = Object.keys(source.options)
        .sort()
        .map((key) => `${esc(key)} = ${num(source.options[key])}`)
        .join(', ');
      return `synthetic data from the ${esc(source.generator)} generator${options ? ` (${options})` : ''}`;
    }
    default:
      return 'unknown';
  }
}

function missingCell(missing: number, rows: number): string {
  if (missing === 0) return '0';
  return rows > 0 ? `${missing} (${num((missing / rows) * 100)} %)` : String(missing);
}

function columnsTable(columns: readonly { name: string; type: string; missing: number }[], rows: number): string[] {
  return table(
    ['Column', 'Type', 'Missing'],
    columns.map((c) => [esc(c.name), esc(c.type), missingCell(c.missing, rows)]),
  );
}

function datasetSection(dataset: DatasetRecord, profile: ModelCardInput['profileSummary']): string[] {
  const out = [
    '## Dataset',
    '',
    `- **Name:** ${esc(dataset.name)}`,
    `- **Source:** ${sourceWords(dataset.source)}`,
    `- **Size as loaded:** ${plural(dataset.rowCount, 'row')} × ${plural(dataset.columns.length, 'column')}`,
    `- **Read as:** ${esc(dataset.description)}`,
    '',
    ...columnsTable(dataset.columns, dataset.rowCount),
    '',
  ];
  if (dataset.warnings.length > 0) {
    out.push('Warnings when the data was loaded:', '');
    for (const w of dataset.warnings.slice(0, LISTED_WARNINGS)) out.push(`- ${esc(w.message)}`);
    if (dataset.warnings.length > LISTED_WARNINGS) out.push(`- … and ${dataset.warnings.length - LISTED_WARNINGS} more`);
  } else {
    out.push('No warnings when the data was loaded.');
  }
  out.push('');
  if (profile !== undefined) {
    out.push(
      `After preparation: ${plural(profile.rows, 'row')} × ${plural(profile.columns.length, 'column')}.`,
      '',
      ...columnsTable(profile.columns, profile.rows),
      '',
    );
  }
  return out;
}

function preparationSection(model: ModelRecord, pipeline: PipelineRecord): string[] {
  const used = Math.min(model.trainedOn.recipeSteps, pipeline.recipe.length);
  const steps = pipeline.recipe.slice(0, used);
  const out = ['## Data preparation', ''];
  if (steps.length === 0) out.push('The model was trained on the data as loaded: no cleaning steps.');
  else {
    out.push(`The cleaning recipe, replayed in this order on the data as loaded (the raw data is never changed):`, '');
    steps.forEach((step, i) => out.push(`${i + 1}. ${esc(describeStep(step))}`));
  }
  if (pipeline.recipe.length !== model.trainedOn.recipeSteps) {
    out.push(
      '',
      `*The recipe now has ${plural(pipeline.recipe.length, 'step')}; this model was trained on its first ${model.trainedOn.recipeSteps}.*`,
    );
  }
  out.push('', '### Validation rules', '');
  if (pipeline.rules.length === 0) out.push('No validation rules were set.');
  else for (const rule of pipeline.rules) out.push(`- ${esc(describeRule(rule))}`);
  out.push('');
  return out;
}

function splitSection(model: ModelRecord, pipeline: PipelineRecord): string[] {
  const out = ['## Split', ''];
  const split = pipeline.split;
  if (split === null) {
    out.push('No split is stored with the data any more.');
  } else {
    const { spec, counts } = split;
    out.push(
      esc(describeSplit(spec, counts)),
      '',
      `- **Seed:** ${spec.timeColumn !== null ? `${spec.seed} (not used: the split follows time order)` : spec.seed}`,
      `- **Sizes:** train ${counts.train}, validation ${counts.validation}, test ${counts.test} rows`,
      `- **Stratified by:** ${spec.stratify !== null ? esc(spec.stratify) : 'none'}`,
      `- **Grouped by:** ${spec.group !== null ? esc(spec.group) : 'none'}`,
      `- **Time order by:** ${spec.timeColumn !== null ? esc(spec.timeColumn) : 'none'}`,
    );
    if (split.createdAt !== model.trainedOn.splitCreatedAt) {
      out.push('', '*The split was made again after this model was trained; the sizes above are those of the current split.*');
    }
  }
  out.push(
    '',
    `The model was trained on ${plural(model.trainedOn.trainRows, 'train row')} and validated on ${plural(model.trainedOn.validationRows, 'validation row')}; the test rows were kept for the acceptance test.`,
    '',
  );
  return out;
}

function featureType(f: FittedFeature): string {
  if (f.kind === 'categorical') return `categorical (${esc(f.sourceType)}), ${f.encoding === 'ordinal' ? 'one code per category, in train order' : 'one-hot'}`;
  switch (f.sourceType) {
    case 'date':
      return f.date !== undefined
        ? 'date, as days since 1970-01-01 UTC (float32); expanded into year, month, day of week, day of year, days since the first train date'
        : 'date, as ms since 1970 UTC';
    case 'boolean':
      return 'boolean, true = 1, false = 0';
    default:
      return `numeric (${esc(f.sourceType)})`;
  }
}

/** What a tree model's missing values become: none is filled in, each split sends them its learned way. */
const TREE_MISSING = "missing (NaN): each split's learned direction";

function featureRow(f: FittedFeature): string[] {
  if (f.kind === 'categorical' && f.encoding === 'ordinal') {
    return [esc(f.name), featureType(f), TREE_MISSING, `${f.categories.length} categories, coded 0, 1, … in this order: ${list(f.categories)}`, 'rare and unseen values are missing (NaN) too'];
  }
  if (f.kind === 'numeric' && f.encoding === 'raw') {
    const scaling = f.date !== undefined ? `not scaled; days counted from ${esc(formatDate(f.date.origin * DAY_MS))}` : 'not scaled: the trees split on the value itself';
    return [esc(f.name), featureType(f), TREE_MISSING, scaling, '—'];
  }
  if (f.kind === 'categorical') {
    const unseen = f.other
      ? 'rare and unseen values go to the (other) column'
      : 'rare and unseen values encode as all zeros';
    return [esc(f.name), featureType(f), esc(f.impute), `${f.categories.length} categories: ${list(f.categories)}`, unseen];
  }
  if (f.sourceType === 'date' && f.date !== undefined) {
    const first = formatDate(f.date.origin * DAY_MS);
    const scaling = `each part standardised with train statistics (means ${f.date.mean.map(num).join(', ')}); days counted from ${esc(first)}`;
    return [esc(f.name), featureType(f), `${esc(formatDate(f.impute * DAY_MS))} (each part: its train median)`, scaling, '—'];
  }
  if (f.sourceType === 'date') {
    const scaling = `mean ${esc(formatDate(f.mean))}, std ${num(f.std / DAY_MS)} days`;
    return [esc(f.name), featureType(f), esc(formatDate(f.impute)), scaling, '—'];
  }
  return [esc(f.name), featureType(f), num(f.impute), `mean ${num(f.mean)}, std ${num(f.std)}`, '—'];
}

function targetLine(target: TargetEncoding): string {
  if (target.task === 'regression') return `**Target:** ${esc(target.column)} (regression: predicts a number)`;
  return `**Target:** ${esc(target.column)} (classification, ${plural(target.classes.length, 'class', 'classes')}: ${list(target.classes)})`;
}

function featuresSection(model: ModelRecord): string[] {
  const features = model.preprocessor.features;
  return [
    '## Features and preprocessing',
    '',
    `${plural(features.length, 'feature')}, ${plural(model.preprocessor.width, 'model input column')} after encoding. Every value below was fitted on the train part only and is part of the exported graph, so the file takes raw values.`,
    '',
    ...table(
      ['Feature', 'Type', 'Missing values become', 'Scaling / categories', 'Unseen categories'],
      features.map(featureRow),
    ),
    '',
    targetLine(model.target),
    '',
  ];
}

function modelSection(model: ModelRecord): string[] {
  const kind = model.settings.kind;
  const out = [
    '## Model',
    '',
    `- **Kind:** ${MODEL_LABELS[kind] ?? esc(String(kind))}`,
    structureLine(model.parameters),
    `- **Backend:** ${esc(model.backend)}`,
    `- **Training time:** ${duration(model.durationMs)}`,
    `- **Trained:** ${timestamp(model.createdAt)}`,
    `- **Training:** ${howTrainingEnded(model)}`,
    '',
    ...table(
      ['Setting', 'Value'],
      SETTING_ROWS.map((row) => [row.label, row.kinds.includes(kind) ? row.value(model.settings) : `not used by ${(MODEL_WORDS[kind] ?? 'this model').toLowerCase()}`]),
    ),
    '',
  ];
  return out;
}

/** The task's metrics in table order, then any other stored metric names. */
function metricOrder(task: TargetEncoding['task'], ...values: MetricValues[]): string[] {
  const names: string[] = metricNames(task);
  for (const v of values) for (const key of Object.keys(v)) if (!names.includes(key)) names.push(key);
  return names;
}

function metricsSection(model: ModelRecord): string[] {
  const { metrics, baseline, importance, gain, outOfBag } = model.validation;
  const names = metricOrder(model.target.task, metrics, baseline);
  const out = [
    '## Validation metrics',
    '',
    `On the ${plural(model.trainedOn.validationRows, 'validation row')}; the baseline ignores the inputs and predicts ${model.target.task === 'classification' ? "the train part's class frequencies (its label: the most frequent class)" : 'the mean of the train targets'} for every row.`,
    '',
    ...table(['Metric', 'Validation', 'Baseline'], names.map((m) => [esc(m), num(metrics[m]), num(baseline[m])])),
    '',
  ];
  if (importance.length > 0) {
    const top = [...importance].sort((a, b) => b.importance - a.importance).slice(0, LISTED_IMPORTANCE);
    out.push(
      `Permutation importance on the validation part (how much ${model.target.task === 'classification' ? 'accuracy' : 'R²'} drops when a feature's values are shuffled)${importance.length > LISTED_IMPORTANCE ? `, top ${LISTED_IMPORTANCE} of ${importance.length}` : ''}:`,
      '',
      ...table(['Feature', 'Importance', 'Std'], top.map((i) => [esc(i.feature), num(i.importance), num(i.std)])),
      '',
    );
  }
  if (gain && gain.length > 0) {
    const top = gain.slice(0, LISTED_IMPORTANCE);
    out.push(
      `Importance by total gain (each feature's share of how much the trees' splits lowered the training loss)${gain.length > LISTED_IMPORTANCE ? `, top ${LISTED_IMPORTANCE} of ${gain.length}` : ''}:`,
      '',
      ...table(['Feature', 'Share of gain'], top.map((g) => [esc(g.feature), `${(g.share * 100).toFixed(1)} %`])),
      '',
    );
  }
  if (outOfBag) {
    out.push(
      `Out-of-bag score: ${model.target.task === 'classification' ? 'accuracy' : 'R²'} ${num(outOfBag.score)} on ${plural(outOfBag.rows, 'train row')}, each judged only by the trees whose bootstrap sample left it out.`,
      '',
    );
  }
  return out;
}

function acceptanceRun(run: AcceptanceRun, index: number, task: TargetEncoding['task']): string[] {
  const criteria = run.results.length > 0
    ? run.results.map((r) => `${esc(r.metric)} ${r.comparison} ${num(r.threshold)}`)
    : run.criteria.map((c) => `${esc(c.metric)} threshold ${num(c.threshold)}`);
  const results = new Map(run.results.map((r) => [r.metric, r]));
  return [
    `### Run ${index + 1}: ${timestamp(run.at)} — ${run.passed ? 'Passed' : 'Failed'}`,
    '',
    `- **Criteria:** ${criteria.length > 0 ? criteria.join('; ') : 'none'}`,
    `- **Test rows:** ${run.testRows}`,
    `- **Result:** ${run.passed ? 'Passed' : 'Failed'}`,
    '',
    ...table(
      ['Metric', 'Test', 'Criterion'],
      metricOrder(task, run.metrics).map((m) => {
        const r = results.get(m);
        const verdict = r === undefined ? '' : `${r.comparison} ${num(r.threshold)}: ${r.passed ? 'passed' : 'failed'}`;
        return [esc(m), num(run.metrics[m]), verdict];
      }),
    ),
    '',
  ];
}

function acceptanceSection(model: ModelRecord): string[] {
  const runs = model.acceptance;
  const out = ['## Acceptance test', ''];
  if (runs.length === 0) {
    out.push('Acceptance test: not run. The test part has not been used; its rows remain unseen by the model and by any choice made so far.', '');
    return out;
  }
  if (runs.length > 1) {
    out.push(
      `> **Note:** the test set was used ${runs.length} times. Only the first result is an honest estimate of how the model does on new data: once a test result has influenced what was done next, the model was chosen partly to do well on these rows, and later scores are optimistic.`,
      '',
    );
  }
  runs.forEach((run, i) => out.push(...acceptanceRun(run, i, model.target.task)));
  return out;
}

function packagingSection(input: ModelCardInput): string[] {
  const { model, parity } = input;
  const size = input.sizeBytes === undefined ? 'size not recorded' : `${formatBytes(input.sizeBytes)}, ${plural(input.sizeBytes, 'byte')}`;
  const outputs = model.target.task === 'classification'
    ? [
      [OUTPUT.label, labelType(model.target.classes), '[N]', 'the most probable class'],
      [OUTPUT.probabilities, 'float32', `[N, ${model.target.classes.length}]`, `one column per class, in the order ${list(model.target.classes)}`],
    ]
    : [[OUTPUT.prediction, 'float32', '[N, 1]', `the predicted ${esc(model.target.column)}`]];
  let parityLine: string;
  if (parity === null) parityLine = 'Parity: not checked.';
  else {
    const labels = model.target.task === 'classification' ? `; labels ${parity.labelsEqual ? 'all equal' : 'differ'}` : '';
    parityLine = `Parity: max difference ${num(parity.maxDifference)} on ${plural(parity.rows, 'row')}${labels} — ${parity.ok ? 'OK' : 'FAILED'} (tolerance ${parity.tolerance ?? PARITY_TOLERANCE}).`;
  }
  return [
    '## Packaging',
    '',
    `- **File:** ${esc(input.fileName)} (${size})`,
    `- **Format:** ONNX, IR version ${IR_VERSION}, opsets ai.onnx ${OPSETS['']} / ai.onnx.ml ${OPSETS['ai.onnx.ml']}`,
    model.preprocessor.features.some((f) => f.encoding !== undefined)
      ? '- **Preprocessing:** inside the graph (date parts, category codes; missing values left for the trees): give it raw values.'
      : '- **Preprocessing:** inside the graph (imputation, scaling, one-hot encoding): give it raw values.',
    '',
    'Inputs, one per feature (missing values: NaN for numbers, an empty string for text):',
    '',
    ...table(
      ['Input', 'Type', 'Shape'],
      model.preprocessor.features.map((f) => [esc(f.name), f.kind === 'categorical' ? 'string' : f.date !== undefined ? 'float32 (days since 1970-01-01 UTC)' : 'float32', '[N, 1]']),
    ),
    '',
    'Outputs:',
    '',
    ...table(['Output', 'Type', 'Shape', 'Meaning'], outputs),
    '',
    parityLine,
    '',
  ];
}

function placeholder(heading: string, prompt: string, questions: string[]): string[] {
  return [
    `## ${heading}`,
    '',
    `<!-- ${prompt} -->`,
    '',
    `*To be written by the model's owner. ${questions.join(' ')}*`,
    '',
  ];
}

/**
 * The model card of `model` as Markdown. Deterministic: the same input gives the same text; the
 * only date it writes besides the records' own is `exportedAt`.
 */
export function modelCard(input: ModelCardInput): string {
  const { model, dataset, pipeline } = input;
  const task = model.target.task;
  const what = task === 'classification'
    ? `classifies ${esc(model.target.column)} into ${plural(model.target.classes.length, 'class', 'classes')}`
    : `predicts ${esc(model.target.column)}`;
  const lines = [
    `# Model card: ${esc(model.name)}`,
    '',
    `${MODEL_WORDS[model.settings.kind] ?? 'A model'} that ${what} from ${plural(model.preprocessor.features.length, 'feature')}, trained on the dataset ${esc(dataset.name)} on ${timestamp(model.createdAt)}.`,
    '',
    ...datasetSection(dataset, input.profileSummary),
    ...preparationSection(model, pipeline),
    ...splitSection(model, pipeline),
    ...featuresSection(model),
    ...modelSection(model),
    ...metricsSection(model),
    ...acceptanceSection(model),
    ...packagingSection(input),
    ...placeholder('Intended use', 'Fill in: what this model is for, and what it is not for.', [
      'What decision or task is this model meant to support, and who will use it?',
      'On which population, time period and setting is it expected to work?',
      'Which uses are out of scope?',
    ]),
    ...placeholder('Limitations', 'Fill in: where the model is known or likely to fail.', [
      'Which groups, ranges or situations are rare or missing in the training data?',
      'How might the data drift after deployment, and how will you notice?',
      'Which errors are most costly, and how often do they happen?',
    ]),
    ...placeholder('Ethical considerations', 'Fill in: who could be affected, and how.', [
      'Could the model treat some people unfairly, directly or through proxies such as location?',
      'Does the data hold personal or sensitive information, and was it collected with consent?',
      'Who reviews its predictions, and how can someone contest one?',
    ]),
    '---',
    '',
    `Model card written by ML Studio on ${timestamp(input.exportedAt.getTime())}.`,
    '',
  ];
  return lines.join('\n');
}

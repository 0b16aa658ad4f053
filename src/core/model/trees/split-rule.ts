/**
 * A decision tree's splits and nodes in words for people: the rule of a split in its column's
 * own units ("Flipper Length (mm) ≤ 206.5", dates as dates, a one-hot column as "Island is
 * Biscoe"), where a missing value goes, and what a node holds (its train rows, class shares or
 * mean). The diagram on Evaluate draws these texts and reads them out to screen readers.
 *
 * A split compares a design-matrix value with a threshold, so the rule is read back through the
 * preprocessor that made the column (`features.ts`), asked through its own `transformRecord`
 * rather than assumed: two probe rows tell whether a numeric column (or a date part) keeps its
 * units, as tree models' columns may, or is standardised, when the threshold is taken back
 * through the part's mean and std; a missing row tells what a missing value becomes (the train
 * median or most frequent value where the preprocessing imputes, NaN where the tree decides), and
 * that is what the node compares.
 */
import { categoriesAtOrBelow } from '../ordinal-encoding';
import { formatNumber, formatShare } from '../../data/profile/format';
import { dateText } from '../../format';
import { DATE_PARTS, DAY_MS, dateInput, dateParts, featureWidth, transformRecord } from '../features';
import type { CategoricalFeature, FittedFeature, NumericFeature, Preprocessor, TargetEncoding } from '../types';
import type { DecisionTreeNodes } from './decision-tree';
import type { Tree } from './ensemble';

/** The feature a design column belongs to, and the column's place among that feature's columns. */
export interface ColumnSource {
  feature: FittedFeature;
  offset: number;
}

/** Per design-matrix column, the feature that made it. */
export function columnSources(preprocessor: Preprocessor): ColumnSource[] {
  const out: ColumnSource[] = [];
  for (const feature of preprocessor.features) for (let offset = 0; offset < featureWidth(feature); offset++) out.push({ feature, offset });
  return out;
}

export interface SplitRuleOptions {
  /**
   * For a categorical feature held in one column of codes rather than one-hot: the categories a
   * split `code ≤ threshold` sends left, or null where the feature is one-hot. Absent: the
   * ordinal encoding's own answer for a feature encoded `ordinal` (`ordinal-encoding.ts`).
   */
  categoriesAtOrBelow?: (feature: CategoricalFeature, threshold: number) => string[] | null;
}

export interface SplitRule {
  /** The feature split on (a column of the data). */
  feature: string;
  /** The design column as people read it: the feature, or a date's part ("date (month)"). */
  column: string;
  /** The condition that sends a row left: "Flipper Length (mm) ≤ 206.5", "Island is not Biscoe". */
  text: string;
  /** The two branches as short labels: "≤ 206.5" and "> 206.5"; "is not Biscoe" and "is Biscoe". */
  left: string;
  right: string;
  /** Whether a row with this feature missing goes left. */
  missingLeft: boolean;
  /** Where a missing value goes, and why: "Missing values go right: they count as 4050, the train median." */
  missing: string;
}

interface PreprocessorReading {
  sources: ColumnSource[];
  /** What the preprocessor makes of a row with every feature missing. */
  missing: Float32Array;
  /** Per design column, 1 where the preprocessor writes a number in its own units (no scaling). */
  kept: Uint8Array;
  /** What it makes of a row whose every category is one it never saw (NaN where the tree decides). */
  unseen: Float32Array;
}

/** A category no file holds, to see where a value never seen in training goes. */
const PROBE_CATEGORY = '\u0000never seen';

/** Two dates (2001-02-03, 2010-07-15) and two numbers to see whether a column keeps its units. */
const PROBE_DATES = [981158400000, 1279152000000];
const PROBE_NUMBERS = [0, 1000.5];

/**
 * What the preprocessor does, seen through its own `transformRecord` (cached per preprocessor: a
 * diagram asks once per node): a missing row, and whether each numeric column keeps its units —
 * the same values in, the same out — or is standardised, whatever the fitted feature records.
 */
const known = new WeakMap<Preprocessor, PreprocessorReading>();
function readPreprocessor(preprocessor: Preprocessor): PreprocessorReading {
  let read = known.get(preprocessor);
  if (read) return read;
  const sources = columnSources(preprocessor);
  const kept = new Uint8Array(sources.length).fill(1);
  const parts = new Float64Array(DATE_PARTS.length);
  for (let probe = 0; probe < 2; probe++) {
    const record: Record<string, unknown> = {};
    for (const f of preprocessor.features) if (f.kind === 'numeric') record[f.name] = f.date !== undefined ? new Date(PROBE_DATES[probe]) : PROBE_NUMBERS[probe];
    const design = transformRecord(preprocessor, record);
    sources.forEach(({ feature, offset }, column) => {
      if (feature.kind !== 'numeric') return;
      if (feature.date !== undefined && offset === 0) dateParts(dateInput(PROBE_DATES[probe]), feature.date.origin, parts);
      const raw = feature.date !== undefined ? parts[offset] : PROBE_NUMBERS[probe];
      if (design[column] !== Math.fround(raw)) kept[column] = 0;
    });
  }
  const unseenRow = Object.fromEntries(preprocessor.features.filter((f) => f.kind === 'categorical').map((f) => [f.name, PROBE_CATEGORY]));
  known.set(preprocessor, (read = { sources, missing: transformRecord(preprocessor, {}), kept, unseen: transformRecord(preprocessor, unseenRow) }));
  return read;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A threshold or value in a column's units: six significant digits, enough for a midpoint such as 4712.5. */
export function ruleNumber(x: number): string {
  return formatNumber(x, 6);
}

/**
 * A numeric feature's design value back in the column's own units: as it is where the column
 * keeps them, else through the inverse of the standardisation (`design = (x − mean) / std`).
 */
export function numericValue(feature: NumericFeature, design: number, kept = false): number {
  return kept ? design : design * feature.std + feature.mean;
}

/** A date part's design value back in the part's units (year, month …; days for "days since first"). */
function datePartValue(feature: NumericFeature, part: number, design: number, kept: boolean): number {
  const date = feature.date!;
  return kept ? design : design * date.std[part] + date.mean[part];
}

/** "January–June": the names from `from` to `to` (indices), or the one name. */
function nameRange(names: readonly string[], from: number, to: number): string {
  return from === to ? names[from] : `${names[from]}–${names[to]}`;
}

/** The rule of an integer-valued date part named in `names` (month 1–12, weekday 0–6): "is January–June". */
function namedPartRule(names: readonly string[], first: number, cut: number): { left: string; right: string } {
  const last = first + names.length - 1;
  const edge = Math.min(last, Math.max(first - 1, Math.floor(cut)));
  const left = edge < first ? 'is none' : `is ${nameRange(names, 0, edge - first)}`;
  const right = edge >= last ? 'is none' : `is ${nameRange(names, edge + 1 - first, names.length - 1)}`;
  return { left, right };
}

/** The branch labels of a split on a date feature's part `part` at design threshold `t`. */
function dateRule(feature: NumericFeature, part: number, t: number, kept: boolean): { left: string; right: string } {
  const v = datePartValue(feature, part, t, kept);
  switch (DATE_PARTS[part]) {
    case 'month':
      return namedPartRule(MONTHS, 1, v);
    case 'day of week':
      return namedPartRule(WEEKDAYS, 0, v);
    case 'days since first': {
      // The part is the date minus the earliest train date, in days: back to a date.
      const days = feature.date!.origin + v;
      const whole = Number.isInteger(feature.date!.origin);
      const shown = dateText((whole ? Math.floor(days) : days) * DAY_MS);
      return whole ? { left: `on or before ${shown}`, right: `after ${shown}` } : { left: `≤ ${shown}`, right: `> ${shown}` };
    }
    default: {
      // Year and day of year are whole numbers: "≤ 2013.5" is "≤ 2013".
      const edge = Math.floor(v);
      return { left: `≤ ${edge}`, right: `≥ ${edge + 1}` };
    }
  }
}

/** The branch labels of a split on numeric feature `feature` (design column `offset` of it) at `t`. */
function numericRule(feature: NumericFeature, offset: number, t: number, kept: boolean): { left: string; right: string; name: string } {
  if (feature.date !== undefined) return { ...dateRule(feature, offset, t, kept), name: `${feature.name} (${DATE_PARTS[offset]})` };
  const v = numericValue(feature, t, kept);
  if (feature.sourceType === 'boolean') {
    // true is 1, false 0: a cut between them sends false left.
    if (v >= 0 && v < 1) return { left: 'is false', right: 'is true', name: feature.name };
  }
  if (feature.sourceType === 'date') {
    // A date stored before dates were expanded: its input is epoch milliseconds.
    const shown = dateText(v);
    return { left: `≤ ${shown}`, right: `> ${shown}`, name: feature.name };
  }
  return { left: `≤ ${ruleNumber(v)}`, right: `> ${ruleNumber(v)}`, name: feature.name };
}

/** The branch labels of a split on categorical feature `feature` (design column `offset`) at `t`. */
function categoricalRule(feature: CategoricalFeature, offset: number, t: number, options: SplitRuleOptions): { left: string; right: string } {
  const atOrBelow = options.categoriesAtOrBelow?.(feature, t) ?? (feature.encoding === 'ordinal' ? categoriesAtOrBelow(feature, t) : null);
  if (atOrBelow !== null) {
    const rest = feature.categories.filter((c) => !atOrBelow.includes(c));
    return { left: categoryList(atOrBelow), right: categoryList(rest) };
  }
  // One-hot: the column is 1 for its category and 0 otherwise, so a cut between 0 and 1 sends
  // the category right. A cut outside (0, 1) sends every row the same way.
  const category = offset < feature.categories.length ? feature.categories[offset] : null;
  const is = category === null ? 'is another value' : `is ${category}`;
  const isNot = category === null ? 'is one of the kept values' : `is not ${category}`;
  if (t < 0) return { left: 'is none', right: 'is any value' };
  if (t >= 1) return { left: 'is any value', right: 'is none' };
  return { left: isNot, right: is };
}

/** "is Biscoe", "is Biscoe or Dream", "is one of A, B or C". */
function categoryList(categories: string[]): string {
  if (categories.length === 0) return 'is none';
  if (categories.length === 1) return `is ${categories[0]}`;
  if (categories.length === 2) return `is ${categories[0]} or ${categories[1]}`;
  return `is one of ${categories.slice(0, -1).join(', ')} or ${categories[categories.length - 1]}`;
}

/** A design value a missing input is given, in the feature's own words: "4050", "Biscoe". */
function imputedText(feature: FittedFeature, design: number, kept: boolean): string | null {
  if (feature.kind === 'categorical') return feature.impute;
  if (feature.date !== undefined) return null;
  const v = numericValue(feature, design, kept);
  return feature.sourceType === 'date' ? dateText(v) : ruleNumber(v);
}

/**
 * The split at `node` of `tree` in words. `preprocessor` made the design matrix the tree was
 * trained on. Throws RangeError for a leaf (it has no split).
 */
export function splitRule(preprocessor: Preprocessor, tree: Pick<Tree, 'feature' | 'threshold' | 'missingLeft'>, node: number, options: SplitRuleOptions = {}): SplitRule {
  const column = tree.feature[node];
  if (!(column >= 0)) throw new RangeError(`Node ${node} is a leaf; it has no split.`);
  const { sources, missing: missingDesign, kept, unseen } = readPreprocessor(preprocessor);
  const source = sources[column];
  if (!source) throw new RangeError(`The tree splits on design column ${column}, which the preprocessing does not make.`);
  const t = tree.threshold[node];
  const { feature, offset } = source;
  const rule = feature.kind === 'numeric' ? numericRule(feature, offset, t, kept[column] === 1) : { ...categoricalRule(feature, offset, t, options), name: feature.name };

  const design = missingDesign[column];
  const learned = design !== design;
  const missingLeft = learned ? tree.missingLeft[node] === 1 : design <= t;
  const side = missingLeft ? 'left' : 'right';
  const imputed = learned ? null : imputedText(source.feature, design, kept[column] === 1);
  const missing = learned
    ? `${feature.kind === 'categorical' && unseen[column] !== unseen[column] ? 'Missing, rare and new values' : 'Missing values'} go ${side}, the way learned in training.`
    : imputed === null
      ? `Missing values go ${side}: they are filled in with the train median, as in training.`
      : `Missing values go ${side}: they count as ${imputed}, the train ${feature.kind === 'categorical' ? 'most frequent value' : 'median'}.`;
  return { feature: feature.name, column: rule.name, text: `${rule.name} ${rule.left}`, left: rule.left, right: rule.right, missingLeft, missing };
}

export interface ClassShare {
  name: string;
  share: number;
  /** As shown: "44.1%". */
  percent: string;
}

export interface NodeSummary {
  samples: number;
  /** "45 samples". */
  samplesText: string;
  /** Classification: each class's share of the node's train rows, in class order. */
  shares: ClassShare[] | null;
  /** Classification: the class most of the node's rows have (the first of a tie); what the node answers. */
  majority: string | null;
  /** Regression: the mean target of the node's rows. */
  mean: number | null;
  /** What the node answers, in words: "Adelie (44.1%)", "mean 4050". */
  answer: string;
  /** "gini 0.42" or "variance 1.2e3". */
  impurityText: string;
}

/** What node `node` of a decision tree holds, in words. */
export function nodeSummary(nodes: DecisionTreeNodes, node: number, target: TargetEncoding): NodeSummary {
  const samples = nodes.samples[node];
  const samplesText = `${samples} sample${samples === 1 ? '' : 's'}`;
  const at = node * nodes.outputs;
  const impurity = nodes.impurity[node];
  if (target.task === 'classification') {
    const shares: ClassShare[] = [];
    let best = 0;
    for (let k = 0; k < nodes.outputs; k++) {
      const share = nodes.values[at + k];
      shares.push({ name: target.classes[k] ?? `class ${k}`, share, percent: formatShare(share) });
      if (share > shares[best].share) best = k;
    }
    const majority = shares[best].name;
    return { samples, samplesText, shares, majority, mean: null, answer: `${majority} (${shares[best].percent})`, impurityText: `gini ${formatNumber(impurity, 3)}` };
  }
  const mean = nodes.values[at];
  return { samples, samplesText, shares: null, majority: null, mean, answer: `mean ${formatNumber(mean, 4)}`, impurityText: `variance ${formatNumber(impurity, 3)}` };
}

/**
 * What the tree answers for a row that ends at `leaf`, as a sentence: "Predicts Adelie: 97.8%
 * of its 45 train rows are Adelie." or "Predicts 4050, the mean of its 45 train rows."
 */
export function leafAnswer(nodes: DecisionTreeNodes, leaf: number, target: TargetEncoding): string {
  const s = nodeSummary(nodes, leaf, target);
  const rows = `${s.samples} train row${s.samples === 1 ? '' : 's'}`;
  if (s.shares !== null) {
    const top = s.shares.find((c) => c.name === s.majority)!;
    return `Predicts ${s.majority}: ${top.percent} of its ${rows} are ${s.majority}.`;
  }
  return `Predicts ${formatNumber(s.mean, 4)}, the mean of its ${rows}.`;
}

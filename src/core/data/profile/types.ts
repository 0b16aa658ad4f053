/**
 * What the Explore step shows about a frame: one profile per visible column, correlations
 * between numeric columns, each feature's relation to the target, and plain-words warnings.
 * Every field is structured-clone friendly (numbers, strings, arrays, null), so a profile
 * crosses from the data worker to the page as it is.
 */
import type { TaskSuggestion } from '../../model/task';
import type { ColumnType } from '../columns';

/** One histogram bar: values `x0 <= v < x1` (the last bar of a number column also holds `x1`). */
export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
}

export interface TopValue {
  /** The value as text (`'true'`/`'false'` for booleans). */
  value: string;
  count: number;
}

/** One bar of the small chart in the profile table. */
export interface SparkBar {
  /** What the bar stands for, e.g. `'10 – 20'`, `'2021-03'` or `'red'`; `'other'` for the rest. */
  label: string;
  count: number;
}

interface ColumnProfileBase {
  name: string;
  type: ColumnType;
  /** Non-missing cells. */
  count: number;
  /** Missing cells (NaN, null, and for numbers ±Infinity). */
  missing: number;
  /** `missing / rows`, 0 for an empty table. */
  missingShare: number;
  /** Different non-missing values. */
  distinct: number;
  /**
   * False when a text column had more than `DISTINCT_CAP` different values: then `distinct`
   * is a lower bound and values past the cap count towards `other`.
   */
  distinctExact: boolean;
  /** Bars for a sparkline: the histogram, or the most frequent values then `other`. */
  spark: SparkBar[];
  /** One line in plain words, e.g. `'mean 4.2, from 0 to 10'`; also the sparkline's text alternative. */
  summary: string;
}

/** `number` and `integer` columns. Statistics are null when the column has no values. */
export interface NumericColumnProfile extends ColumnProfileBase {
  type: 'number' | 'integer';
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Sample standard deviation (divides by n − 1); null with fewer than two values. */
  std: number | null;
  /** Quartiles with linear interpolation, as numpy's default `np.quantile(x, p)`. */
  q1: number | null;
  median: number | null;
  q3: number | null;
  /** About 20 bins with "nice" edges (1, 2 or 5 × 10ᵏ wide; whole numbers for integers). */
  histogram: HistogramBin[];
}

/** `date` columns. Bin edges are epoch milliseconds (UTC). */
export interface DateColumnProfile extends ColumnProfileBase {
  type: 'date';
  /** ISO 8601 (`toISOString()`), null when the column has no values. */
  min: string | null;
  max: string | null;
  /** About 20 bins on calendar-aligned steps (seconds … days, weeks, months, years). */
  histogram: HistogramBin[];
}

/** `text` and `boolean` columns. */
export interface CategoricalColumnProfile extends ColumnProfileBase {
  type: 'text' | 'boolean';
  /** Up to `TOP_VALUES` most frequent values, most frequent first (ties by value). */
  top: TopValue[];
  /** Non-missing cells whose value is not in `top`. */
  other: number;
}

export type ColumnProfile = NumericColumnProfile | DateColumnProfile | CategoricalColumnProfile;

/** Pearson correlations between numeric columns, pairwise-complete. */
export interface CorrelationMatrix {
  /** The columns, in frame order. */
  columns: string[];
  /** `values[i][j]`: r over the rows where both columns have a value; null where undefined. */
  values: (number | null)[][];
  /** `pairs[i][j]`: how many rows r was computed from. */
  pairs: number[][];
  /** Numeric columns left out to stay within `MAX_CORRELATION_COLUMNS`. */
  omitted: string[];
  /** Plain words about the selection, e.g. why columns were left out; null when none were. */
  note: string | null;
}

/**
 * How a feature relates to the target, by the measure that suits the two types:
 * `pearson` r (numeric–numeric, −1…1), correlation ratio `eta` η (numeric–categorical, 0…1),
 * `cramers-v` bias-corrected Cramér's V (categorical–categorical, 0…1).
 * Dates count as numeric (their time), booleans as categorical.
 */
export type RelationMeasure = 'pearson' | 'eta' | 'cramers-v';

export interface TargetRelation {
  column: string;
  measure: RelationMeasure;
  /** The measure's value; null where it is undefined (no variation, too few rows, too many categories). */
  value: number | null;
  /** `|value|`, for ranking features (0 where value is null). */
  strength: number;
  /** Rows where both the feature and the target have a value. */
  rows: number;
  /** Every row holds the same value in the feature and in the target (missing = missing). */
  equalsTarget: boolean;
  /** Why value is null, in plain words; null otherwise. */
  note: string | null;
}

export interface ClassCount {
  value: string;
  count: number;
  /** Share of rows with a target value. */
  share: number;
}

export interface TargetProfile {
  column: string;
  /** Categorical for text and boolean targets, and integer targets with few values (see `profileFrame`). */
  kind: 'numeric' | 'categorical';
  /** The task the target suggests and why (the Train step suggests the same). */
  suggestion: TaskSuggestion;
  /** One per other column, strongest first. */
  relations: TargetRelation[];
  /** Categorical targets: every class, most frequent first (ties by value). Empty for numeric targets. */
  classes: ClassCount[];
}

export type ProfileWarningKind =
  | 'constant'
  | 'id-like'
  | 'mostly-missing'
  | 'high-correlation'
  | 'leakage'
  | 'class-imbalance'
  | 'unknown-target';

export interface ProfileWarning {
  kind: ProfileWarningKind;
  /** The columns it is about (two for a correlated pair). */
  columns: string[];
  /** Plain words: what was seen and why it matters. */
  message: string;
}

export interface TableProfile {
  rows: number;
  /** One per visible column, in frame order (never the hidden row-id column). */
  columns: ColumnProfile[];
  /** Null with fewer than two numeric columns. */
  correlation: CorrelationMatrix | null;
  /** Null without a target (or when the target is not a column of the frame). */
  target: TargetProfile | null;
  warnings: ProfileWarning[];
}

export interface ProfileOptions {
  /** The column a model will predict; adds relations, class distribution, leakage and imbalance checks. */
  target?: string | null;
  /**
   * Overrides whether the target is treated as categorical (`classification`) or numeric
   * (`regression`); by default text and boolean targets are categorical, and so are integer
   * targets with few different values (the core's `suggestTask`).
   */
  task?: 'classification' | 'regression' | null;
  /** Aborting stops the profile between columns with `Cancelled`. */
  signal?: AbortSignal;
  /** `(done, total)` in steps of work (one per column, then correlations and relations). */
  onProgress?: (done: number, total: number) => void;
}

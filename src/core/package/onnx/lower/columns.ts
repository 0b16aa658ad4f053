/**
 * Column tracking while the recipe is planned forward: for each column name, its type and the
 * expression that gives its values, plus what the statuses need afterwards (which step a later
 * cleaned input already covers, which inputs come from another dataset).
 */
import type { ColumnInfo, ColumnType } from '../../../data/columns';
import { ExportError } from '../errors';
import { domainOfType, nodesUnder } from '../expr';
import type { Expr, InputExpr } from '../expr';

export interface Tracked {
  type: ColumnType | null;
  expr: Expr;
}

/** The column as numbers: an input of unknown domain is decided to hold numbers by this use. */
export function numeric(t: Tracked): Expr {
  if (t.expr.op === 'input' && t.expr.domain === null) t.expr.domain = 'number';
  return t.expr;
}

export class RecipeColumns {
  private readonly byName = new Map<string, Tracked>();
  /** A graph input per raw column, in raw order (named once the plan knows which are needed). */
  readonly rawInputs: InputExpr[] = [];
  /** Step → the later not-expressible step whose cleaned input already includes its effect. */
  readonly coveredBy = new Map<number, number>();
  /** Inputs found by use after a join or append: columns the recipe does not make. */
  readonly outerInputs: InputExpr[] = [];
  /** The last join or append before the current step: where a column the recipe does not make may come from. */
  private lastOuter: number | null = null;

  /** `descriptions`: each step as the recipe list shows it (for messages). */
  constructor(
    rawColumns: readonly ColumnInfo[],
    private readonly descriptions: readonly string[],
  ) {
    for (const c of rawColumns) {
      const node: InputExpr = { op: 'input', name: '', source: 'raw', column: c.name, type: c.type, domain: domainOfType(c.type) };
      this.rawInputs.push(node);
      this.byName.set(c.name, { type: c.type, expr: node });
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  find(name: string): Tracked | undefined {
    return this.byName.get(name);
  }

  set(name: string, tracked: Tracked): void {
    this.byName.set(name, tracked);
  }

  delete(name: string): void {
    this.byName.delete(name);
  }

  /** The column step i works on; one the recipe does not make comes from the last join or append. */
  get(name: string, i: number): Tracked {
    return this.byName.get(name) ?? this.outer(name, i);
  }

  /** Marks step i as a join or append: later unknown columns may come from its dataset. */
  joinedAt(i: number): void {
    this.lastOuter = i;
  }

  /** A column of another dataset that step i adds, as a graph input the caller looks up. */
  addDatasetColumn(name: string, type: ColumnType, i: number): InputExpr {
    const node: InputExpr = { op: 'input', name: '', source: 'dataset', column: name, type, domain: domainOfType(type), step: i };
    this.byName.set(name, { type, expr: node });
    return node;
  }

  /**
   * A column no step made (i = the step that uses it, or null for a feature): taken from the last
   * join or append. Throws ExportError when there is none: the recipe changed since training.
   */
  outer(name: string, i: number | null): Tracked {
    if (this.lastOuter === null) {
      const where = i === null ? `The model takes the column ${name}` : `Step ${i + 1} (${this.descriptions[i]}) works on ${name}`;
      throw new ExportError(
        `${where}, which is neither a raw column nor made by an earlier step; the recipe may have changed since the model was trained. Train the model again to export it.`,
      );
    }
    const node: InputExpr = { op: 'input', name: '', source: 'dataset', column: name, type: null, domain: null, step: this.lastOuter };
    this.outerInputs.push(node);
    const tracked = { type: null, expr: node };
    this.byName.set(name, tracked);
    return tracked;
  }

  /** Replaces a column's values by an input taken after step i (the step the graph cannot do). */
  cut(i: number, name: string, type: ColumnType | null): InputExpr {
    const before = this.byName.get(name);
    if (before !== undefined) {
      for (const e of nodesUnder(before.expr)) if (e.step !== undefined && !this.coveredBy.has(e.step)) this.coveredBy.set(e.step, i);
    }
    const node: InputExpr = { op: 'input', name: '', source: 'cleaned', column: name, type, domain: domainOfType(type), step: i };
    this.byName.set(name, { type, expr: node });
    return node;
  }
}

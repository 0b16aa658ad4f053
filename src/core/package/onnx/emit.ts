/**
 * Writes the recipe plan's expressions as ONNX nodes: one value per feature as `preprocess.ts`
 * takes it ([N, 1] float32 or string). Each expression node is written once, however many
 * features share it, and constants and text tests are shared the same way.
 *
 * Values are computed in double between the float32 inputs and the model's float32
 * preprocessing; text tests use a one-category `OneHotEncoder`, since ai.onnx opset 17's Equal
 * takes no strings.
 */
import type { FittedFeature } from '../../model/types';
import { DATA_TYPE, attr } from './builder';
import type { GraphBuilder } from './builder';
import { ExportError } from './errors';
import { domainOf } from './expr';
import type { Expr, TestExpr } from './expr';
import type { RecipePlan } from './plan';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MAX_DATE_MS = 8.64e15;
const DAY_MS = 86_400_000;

/**
 * Adds the plan's inputs and the recipe's expressions to `g`; returns, for each feature, the value
 * the model's preprocessing takes ([N, 1] float32 for a numeric feature, string for a categorical
 * one). Throws ExportError when a feature's kind does not fit what the recipe makes.
 */
export function emitRecipe(g: GraphBuilder, plan: RecipePlan, features: readonly FittedFeature[]): Map<string, string> {
  for (const input of plan.inputs) g.addInput(input.name, input.type, ['N', 1], input.description);
  const e = new Emitter(g);
  const out = new Map<string, string>();
  for (const f of features) {
    const p = plan.features.find((x) => x.name === f.name);
    if (p === undefined) throw new ExportError(`The recipe plan has no feature ${f.name}.`);
    const domain = domainOf(p.expression);
    if ((f.kind === 'numeric') !== (domain === 'number')) {
      throw new ExportError(`The model takes ${f.name} as ${f.kind === 'numeric' ? 'numbers' : 'text'}, but the recipe makes it ${domain === 'number' ? 'numbers' : 'text'}; train the model again to export it.`);
    }
    out.set(f.name, f.kind === 'numeric' ? (f.date !== undefined ? e.days(p.expression) : e.float32(p.expression)) : e.text(p.expression));
  }
  return out;
}

class Emitter {
  private readonly doubles = new Map<Expr, string>();
  private readonly floats = new Map<Expr, string>();
  private readonly texts = new Map<Expr, string>();
  private readonly constants = new Map<string, string>();
  private readonly matches = new Map<string, string>();
  private readonly textIds = new Map<Expr, number>();

  constructor(private readonly g: GraphBuilder) {}

  private node(op: string, inputs: string[], hint: string, attributes: Parameters<GraphBuilder['addNode']>[3] = {}, docString?: string): string {
    return this.g.addNode(op, inputs, [hint], attributes, docString ? { docString } : {})[0];
  }

  private constant(type: 'float64' | 'float32' | 'string', value: number | string): string {
    const key = `${type}:${typeof value === 'number' && Object.is(value, -0) ? '-0' : String(value)}`;
    let name = this.constants.get(key);
    if (name === undefined) {
      const data = type === 'float64' ? Float64Array.of(value as number) : type === 'float32' ? Float32Array.of(value as number) : [value as string];
      name = this.g.addInitializer(type === 'string' ? 'text' : 'number', data, [1]);
      this.constants.set(key, name);
    }
    return name;
  }

  private d(value: number): string {
    return this.constant('float64', value);
  }

  /** Every non-finite value becomes NaN (missing). */
  private finish(x: string, column: string): string {
    const inf = this.node('IsInf', [x], `${column}:infinite`);
    return this.node('Where', [inf, this.d(NaN), x], `${column}:finite`);
  }

  /** The expression as [N, 1] float32 (what a numeric feature takes). */
  float32(e: Expr): string {
    // A date input holds days, not the milliseconds the steps and features work in.
    if (e.op === 'input' && e.type !== 'date') {
      if (e.domain !== 'number') throw new ExportError(`${e.name} holds text, but the graph needs it as numbers.`);
      return e.name;
    }
    let name = this.floats.get(e);
    if (name === undefined) {
      name = this.node('Cast', [this.double(e)], `${e.column}:float`, { to: attr.int(DATA_TYPE.float32) });
      this.floats.set(e, name);
    }
    return name;
  }

  /** A date expression (ms in the graph) as [N, 1] float32 days, what a date feature takes. */
  days(e: Expr): string {
    if (e.op === 'input' && e.domain === 'number') return e.name;
    const c = e.column;
    return this.node('Cast', [this.node('Div', [this.double(e), this.d(DAY_MS)], `${c}:in_days`)], `${c}:days`, { to: attr.int(DATA_TYPE.float32) });
  }

  /** The expression as [N, 1] double. */
  double(e: Expr): string {
    let name = this.doubles.get(e);
    if (name === undefined) {
      name = this.makeDouble(e);
      this.doubles.set(e, name);
    }
    return name;
  }

  /** The expression as [N, 1] string. */
  text(e: Expr): string {
    if (e.op === 'input') {
      if (e.domain !== 'text') throw new ExportError(`${e.name} holds numbers, but the graph needs it as text.`);
      return e.name;
    }
    let name = this.texts.get(e);
    if (name === undefined) {
      name = this.makeText(e);
      this.texts.set(e, name);
    }
    return name;
  }

  /** [N, 1] bool: whether the text equals one of `values` ('' = missing), by a OneHotEncoder over them. */
  private textIn(e: Expr, values: readonly string[]): string {
    const unique = [...new Set(values)];
    let id = this.textIds.get(e);
    if (id === undefined) {
      id = this.textIds.size;
      this.textIds.set(e, id);
    }
    const key = `${id}:${JSON.stringify(unique)}`;
    let name = this.matches.get(key);
    if (name !== undefined) return name;
    const x = this.text(e);
    const [hot] = this.g.addNode('OneHotEncoder', [x], [`${e.column}:match`], { cats_strings: attr.strings(unique), zeros: attr.int(1) }, {
      domain: 'ai.onnx.ml',
      docString: `${e.column}: 1 where the text is one of ${JSON.stringify(unique)}`,
    });
    // ai.onnx.ml's schema infers no type for OneHotEncoder's output; the checker needs one for Flatten.
    this.g.addValueInfo(hot, 'float32', ['N', 1, unique.length]);
    let m = this.node('Flatten', [hot], `${e.column}:match2d`, { axis: attr.int(1) });
    if (unique.length > 1) m = this.node('ReduceMax', [m], `${e.column}:any`, { axes: attr.ints([1]), keepdims: attr.int(1) });
    name = this.node('Cast', [m], `${e.column}:is`, { to: attr.int(DATA_TYPE.bool) });
    this.matches.set(key, name);
    return name;
  }

  private makeText(e: Expr): string {
    switch (e.op) {
      case 'fill-text':
        return this.node('Where', [this.textIn(e.x, ['']), this.constant('string', e.value), this.text(e.x)], `${e.column}:filled`, {}, `${e.column}: '' becomes ${JSON.stringify(e.value)}`);
      case 'replace-text':
        return this.node('Where', [this.textIn(e.x, [e.from]), this.constant('string', e.to), this.text(e.x)], `${e.column}:replaced`);
      case 'boolean-text': {
        const x = this.double(e.x);
        const isTrue = this.node('Equal', [x, this.d(1)], `${e.column}:true`);
        const isFalse = this.node('Equal', [x, this.d(0)], `${e.column}:false`);
        const f = this.node('Where', [isFalse, this.constant('string', 'false'), this.constant('string', '')], `${e.column}:false_text`);
        return this.node('Where', [isTrue, this.constant('string', 'true'), f], `${e.column}:text`);
      }
      default:
        throw new ExportError(`${e.column} holds numbers, but the graph needs it as text.`);
    }
  }

  private makeDouble(e: Expr): string {
    const c = e.column;
    switch (e.op) {
      case 'input': {
        if (e.domain !== 'number') throw new ExportError(`${e.name} is text, but the graph needs it as numbers.`);
        const wide = this.node('Cast', [e.name], `${c}:double`, { to: attr.int(DATA_TYPE.float64) });
        // A date arrives as days (float32 cannot hold epoch milliseconds); the steps work in ms.
        return e.type === 'date' ? this.node('Mul', [wide, this.d(DAY_MS)], `${c}:ms`, {}, `${c}: days to milliseconds`) : wide;
      }
      case 'constant':
        return this.d(e.value);
      case 'fill': {
        const x = this.double(e.x);
        return this.node('Where', [this.node('IsNaN', [x], `${c}:missing`), this.d(e.value), x], `${c}:filled`, {}, `${c}: NaN becomes ${e.value}`);
      }
      case 'clip': {
        const x = this.double(e.x);
        const lo = this.d(e.lower);
        const hi = this.d(e.upper);
        const above = this.node('Where', [this.node('Greater', [x, hi], `${c}:above`), hi, x], `${c}:upper`);
        return this.node('Where', [this.node('Less', [x, lo], `${c}:below`), lo, above], `${c}:clipped`, {}, `${c}: clipped to [${e.lower}, ${e.upper}]; NaN stays NaN`);
      }
      case 'replace': {
        const x = this.double(e.x);
        const hit =
          e.from === null
            ? this.node('IsNaN', [x], `${c}:missing`)
            : this.node('Equal', [this.float32(e.x), this.constant('float32', Math.fround(e.from))], `${c}:equal`);
        return this.node('Where', [hit, this.d(e.to), x], `${c}:replaced`);
      }
      case 'arithmetic': {
        const a = this.double(e.left);
        const b = this.double(e.right);
        const op = { add: 'Add', subtract: 'Sub', multiply: 'Mul', divide: 'Div', power: 'Pow' }[e.fn];
        let r = this.node(op, [a, b], `${c}:${e.fn}`);
        // Math.pow(1, NaN) is NaN; C's pow gives 1.
        if (e.fn === 'power') r = this.node('Where', [this.node('IsNaN', [b], `${c}:exponent_missing`), this.d(NaN), r], `${c}:power_checked`);
        return this.finish(r, c);
      }
      case 'function': {
        const x = this.double(e.x);
        switch (e.fn) {
          case 'log':
            return this.finish(this.node('Where', [this.node('Greater', [x, this.d(0)], `${c}:positive`), this.node('Log', [x], `${c}:log_raw`), this.d(NaN)], `${c}:log`), c);
          case 'sqrt':
            return this.node('Where', [this.node('GreaterOrEqual', [x, this.d(0)], `${c}:not_negative`), this.node('Sqrt', [x], `${c}:sqrt_raw`), this.d(NaN)], `${c}:sqrt`);
          case 'abs':
            return this.node('Abs', [x], `${c}:abs`);
          case 'square':
            return this.finish(this.node('Mul', [x, x], `${c}:square`), c);
          case 'exp':
            return this.finish(this.node('Exp', [x], `${c}:exp`), c);
        }
        throw new ExportError(`Unknown function ${String((e as { fn: unknown }).fn)} in ${c}.`);
      }
      case 'condition': {
        const masks = e.tests.map((t) => this.test(t, c));
        let m = masks[0];
        for (let k = 1; k < masks.length; k++) m = this.node(e.match === 'all' ? 'And' : 'Or', [m, masks[k]], `${c}:${e.match}`);
        return this.node('Cast', [m], `${c}:flag`, { to: attr.int(DATA_TYPE.float64) });
      }
      case 'cast': {
        const x = this.double(e.x);
        const nan = this.d(NaN);
        if (e.to === 'integer') {
          const whole = this.node('Equal', [this.node('Floor', [x], `${c}:floor`), x], `${c}:whole`);
          const safe = this.node('LessOrEqual', [this.node('Abs', [x], `${c}:abs`), this.d(MAX_SAFE)], `${c}:safe`);
          return this.node('Where', [this.node('And', [whole, safe], `${c}:integer`), x, nan], `${c}:as_integer`);
        }
        if (e.to === 'boolean') {
          const ok = this.node('Or', [this.node('Equal', [x, this.d(0)], `${c}:zero`), this.node('Equal', [x, this.d(1)], `${c}:one`)], `${c}:zero_or_one`);
          return this.node('Where', [ok, x, nan], `${c}:as_boolean`);
        }
        // A Date holds whole milliseconds: new Date(2.5).getTime() is 2, new Date(-2.5).getTime() is -2.
        const trunc = this.node('Where', [this.node('Less', [x, this.d(0)], `${c}:negative`), this.node('Ceil', [x], `${c}:ceil`), this.node('Floor', [x], `${c}:floor`)], `${c}:trunc`);
        const inRange = this.node('LessOrEqual', [this.node('Abs', [x], `${c}:abs`), this.d(MAX_DATE_MS)], `${c}:in_range`);
        return this.node('Where', [inRange, trunc, nan], `${c}:as_date`);
      }
      default:
        throw new ExportError(`${c} holds text, but the graph needs it as numbers.`);
    }
  }

  /** [N, 1] bool: one condition test. */
  private test(t: TestExpr, column: string): string {
    if (t.domain === 'text') {
      const values = t.values as string[];
      const missing = this.textIn(t.x, ['']);
      const present = (): string => this.node('Not', [missing], `${column}:present`);
      const none = (): string => this.node('And', [missing, present()], `${column}:none`);
      switch (t.op) {
        case 'is-missing':
          return missing;
        case 'is-not-missing':
          return present();
        case 'equals':
          return values[0] === '' ? none() : this.textIn(t.x, [values[0]]);
        case 'not-equals':
          return values[0] === '' ? present() : this.node('And', [present(), this.node('Not', [this.textIn(t.x, [values[0]])], `${column}:other`)], `${column}:not_equal`);
        case 'one-of': {
          const wanted = values.filter((v) => v !== '');
          return wanted.length === 0 ? none() : this.textIn(t.x, wanted);
        }
        default:
          throw new ExportError(`${column}: the text test ${t.op} cannot be written in ONNX.`);
      }
    }
    const x = this.float32(t.x);
    const v = (k: number) => this.constant('float32', Math.fround(t.values[k] as number));
    const isNaN = () => this.node('IsNaN', [x], `${column}:missing`);
    switch (t.op) {
      case 'is-missing':
        return isNaN();
      case 'is-not-missing':
        return this.node('Not', [isNaN()], `${column}:present`);
      case 'equals':
        return this.node('Equal', [x, v(0)], `${column}:equal`);
      case 'not-equals': {
        const present = this.node('Not', [isNaN()], `${column}:present`);
        return this.node('And', [present, this.node('Not', [this.node('Equal', [x, v(0)], `${column}:equal`)], `${column}:differs`)], `${column}:not_equal`);
      }
      case 'less':
        return this.node('Less', [x, v(0)], `${column}:less`);
      case 'less-or-equal':
        return this.node('LessOrEqual', [x, v(0)], `${column}:at_most`);
      case 'greater':
        return this.node('Greater', [x, v(0)], `${column}:greater`);
      case 'greater-or-equal':
        return this.node('GreaterOrEqual', [x, v(0)], `${column}:at_least`);
      case 'one-of': {
        let m = this.node('Equal', [x, v(0)], `${column}:equal`);
        for (let k = 1; k < t.values.length; k++) m = this.node('Or', [m, this.node('Equal', [x, v(k)], `${column}:equal`)], `${column}:one_of`);
        return m;
      }
      default:
        throw new ExportError(`${column}: the test ${t.op} cannot be written in ONNX.`);
    }
  }
}

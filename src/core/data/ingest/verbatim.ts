/**
 * The text as written of the cells whose value prints differently ("1.50", "+5", "TRUE"), kept
 * for the case that their column turns out to be text. Numeric files have many such cells (a
 * fixed number of decimals), so they are kept as UTF-8 bytes in one growing buffer, not as one
 * string and one map entry each, and become strings only when asked for.
 */
import { decodeUtf8 } from './byte-strings';

const encoder = new TextEncoder();

export interface VerbatimState {
  cells: Int32Array<ArrayBuffer>;
  ends: Int32Array<ArrayBuffer>;
  bytes: Uint8Array<ArrayBuffer>;
}

export class VerbatimCells {
  private count = 0;
  /** Cell indexes, increasing. */
  private cells: Int32Array<ArrayBuffer> = new Int32Array(64);
  /** Where each cell's bytes end in `bytes`; they start where the previous cell's end. */
  private ends: Int32Array<ArrayBuffer> = new Int32Array(64);
  private bytes: Uint8Array<ArrayBuffer> = new Uint8Array(1024);
  private used = 0;

  get size(): number {
    return this.count;
  }

  /** Adds cell `index`; indexes must come in increasing order. */
  addBytes(index: number, buf: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.room(n);
    this.bytes.set(buf.subarray(start, end), this.used);
    this.push(index, n);
  }

  add(index: number, text: string): void {
    // A UTF-16 unit becomes at most three bytes.
    this.room(3 * text.length);
    const { written } = encoder.encodeInto(text, this.bytes.subarray(this.used));
    this.push(index, written);
  }

  /**
   * Appends the cells of `other` with `offset` added to their indexes, as long as there are
   * fewer than `max` cells; returns false when some did not fit.
   */
  append(other: VerbatimCells, offset: number, max: number): boolean {
    const take = Math.max(0, Math.min(other.count, max - this.count));
    const base = this.used;
    const bytes = take === 0 ? 0 : other.ends[take - 1];
    this.room(bytes);
    this.bytes.set(other.bytes.subarray(0, bytes), base);
    for (let k = 0; k < take; k++) {
      if (this.count === this.cells.length) {
        this.cells = grown(this.cells, this.count);
        this.ends = grown(this.ends, this.count);
      }
      this.cells[this.count] = other.cells[k] + offset;
      this.ends[this.count] = base + other.ends[k];
      this.count++;
    }
    this.used += bytes;
    return take === other.count;
  }

  /** Plain data for sending to another thread. */
  toState(): VerbatimState {
    return { cells: this.cells.slice(0, this.count), ends: this.ends.slice(0, this.count), bytes: this.bytes.slice(0, this.used) };
  }

  static fromState(state: VerbatimState): VerbatimCells {
    const cells = new VerbatimCells();
    cells.count = state.cells.length;
    cells.cells = state.cells.length > 0 ? state.cells : cells.cells;
    cells.ends = state.ends.length > 0 ? state.ends : cells.ends;
    cells.bytes = state.bytes.length > 0 ? state.bytes : cells.bytes;
    cells.used = state.bytes.length;
    return cells;
  }

  /** The text of cell `index`, or undefined when it is not kept here. */
  get(index: number): string | undefined {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.cells[mid];
      if (at === index) return decodeUtf8(this.bytes, mid === 0 ? 0 : this.ends[mid - 1], this.ends[mid]);
      if (at < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private push(index: number, n: number): void {
    if (this.count === this.cells.length) {
      this.cells = grown(this.cells, this.count);
      this.ends = grown(this.ends, this.count);
    }
    this.used += n;
    this.cells[this.count] = index;
    this.ends[this.count] = this.used;
    this.count++;
  }

  private room(n: number): void {
    if (this.used + n <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(2 * this.bytes.length, this.used + n));
    bigger.set(this.bytes.subarray(0, this.used));
    this.bytes = bigger;
  }
}

function grown(a: Int32Array, used: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(2 * a.length);
  bigger.set(a.subarray(0, used));
  return bigger;
}

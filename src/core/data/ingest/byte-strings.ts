/**
 * Strings from UTF-8 bytes, sharing one string among equal short cells. A text column usually
 * repeats a few values (categories); looking their bytes up here costs less than decoding every
 * cell, and equal cells share one string as pool.ts does for strings. Like the pool, it stops
 * remembering once a column has shown more distinct values than it holds.
 */
import { asciiString } from './byte-tokens';

// ignoreBOM: a cell that starts with U+FEFF keeps it (the file's own BOM was skipped before parsing).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

// Longer cells are rarely repeated values; they are decoded every time.
const MAX_SHARED_BYTES = 32;
const CAPACITY = 4096;
const SLOTS = 2 * CAPACITY;

export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  for (let i = start; i < end; i++) if (buf[i] >= 0x80) return decoder.decode(buf.subarray(start, end));
  return asciiString(buf, start, end);
}

export class ByteStrings {
  private slots: (string | undefined)[] | null = new Array<string | undefined>(SLOTS);
  private size = 0;

  get(buf: Uint8Array, start: number, end: number): string {
    const slots = this.slots;
    const n = end - start;
    if (slots === null || n > MAX_SHARED_BYTES) return decodeUtf8(buf, start, end);
    let hash = 0x811c9dc5;
    let high = 0;
    for (let i = start; i < end; i++) {
      const b = buf[i];
      high |= b;
      hash = Math.imul(hash ^ b, 0x01000193);
    }
    // Only ASCII is shared: one byte is one character, so a string compares with its bytes directly.
    if (high >= 0x80) return decoder.decode(buf.subarray(start, end));
    let slot = (hash >>> 0) & (SLOTS - 1);
    for (;;) {
      const s = slots[slot];
      if (s === undefined) break;
      if (sameText(s, buf, start, end)) return s;
      slot = (slot + 1) & (SLOTS - 1);
    }
    const text = asciiString(buf, start, end);
    if (this.size === CAPACITY) this.slots = null;
    else {
      slots[slot] = text;
      this.size++;
    }
    return text;
  }
}

function sameText(s: string, buf: Uint8Array, start: number, end: number): boolean {
  if (s.length !== end - start) return false;
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) !== buf[start + k]) return false;
  return true;
}

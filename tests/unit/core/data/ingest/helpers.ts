/** Small helpers shared by the ingest tests. */
import { expect } from 'vitest';
import { IngestError } from '$src/core/data/columns';
import type { ParsedColumn, ParsedTable } from '$src/core/data/columns';
import { ingestFile } from '$src/core/data/ingest/index';
import type { IngestOptions } from '$src/core/data/ingest/index';

/** Loads text or bytes as if the user had chosen a file with this name. */
export function load(content: string | Uint8Array | BlobPart[], fileName: string, options: Partial<IngestOptions> = {}): Promise<ParsedTable> {
  const parts: BlobPart[] = Array.isArray(content) ? content : [content as BlobPart];
  return ingestFile(new Blob(parts), { ...options, fileName });
}

/** The column with this name; fails the test when there is none. */
export function column(table: ParsedTable, name: string): ParsedColumn {
  const found = table.columns.find((c) => c.info.name === name);
  if (found === undefined) throw new Error(`no column "${name}" in ${table.columns.map((c) => c.info.name).join(', ')}`);
  return found;
}

export function names(table: ParsedTable): string[] {
  return table.columns.map((c) => c.info.name);
}

export function types(table: ParsedTable): Record<string, string> {
  return Object.fromEntries(table.columns.map((c) => [c.info.name, c.info.type]));
}

/** Plain values of a column: numbers (NaN for missing), booleans, dates as ISO text, strings, null. */
export function values(table: ParsedTable, name: string): unknown[] {
  return Array.from(column(table, name).values as ArrayLike<unknown>, (v) => (v instanceof Date ? v.toISOString() : v));
}

export function warningCodes(table: ParsedTable): string[] {
  return table.warnings.map((w) => w.code);
}

/** Awaits a load that must be refused and returns the IngestError. */
export async function refused(promise: Promise<unknown>): Promise<IngestError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

/** Text as an async stream of chunks of `size` characters. */
export async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

export function utf16(text: string, endian: 'le' | 'be', bom = true): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  let at = 0;
  if (bom) {
    out.set(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
    at = 2;
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[at + 2 * i] = endian === 'le' ? code & 0xff : code >> 8;
    out[at + 2 * i + 1] = endian === 'le' ? code >> 8 : code & 0xff;
  }
  return out;
}

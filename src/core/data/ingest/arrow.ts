/**
 * Arrow IPC (file or stream format; `.arrow`, `.feather` v2, `.ipc`), read with Flechette.
 * Arrow types map to column types: integers → integer, floats and decimals → number,
 * bool → boolean, date and timestamp → date, strings and dictionaries of strings → text,
 * everything else (lists, structs, binary, times, intervals) → text holding JSON.
 */
import { Type, tableFromIPC } from '@uwdata/flechette';
import type { Column, DataType, Table } from '@uwdata/flechette';
import { IngestError } from '../columns';
import type { ColumnType, IngestWarning, ParsedColumn } from '../columns';
import { cleanNames } from './names';
import { throwIfAborted } from './stream';
import { TypedColumnBuilder } from './typed';

export const ARROW_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"

export function hasArrowFileMagic(bytes: Uint8Array, at = 0): boolean {
  return ARROW_MAGIC.every((b, i) => bytes[at + i] === b);
}

/** The stream format starts with a continuation marker (0xFFFFFFFF) and a message length. */
export function hasArrowStreamStart(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff && bytes[7] === 0;
}

export function arrowColumnType(type: DataType): ColumnType {
  switch (type.typeId) {
    case Type.Int:
      return 'integer';
    case Type.Float:
    case Type.Decimal:
      return 'number';
    case Type.Bool:
      return 'boolean';
    case Type.Date:
    case Type.Timestamp:
      return 'date';
    case Type.Dictionary:
      return arrowColumnType(type.dictionary);
    case Type.RunEndEncoded:
      return arrowColumnType(type.children[1].type);
    default:
      // Utf8, large and view strings, and anything shown as JSON text.
      return 'text';
  }
}

export interface ArrowTable {
  rowCount: number;
  columns: ParsedColumn[];
  warnings: IngestWarning[];
  /** "Arrow IPC file, 3 record batches". */
  shape: string;
}

export function readArrow(bytes: Uint8Array, fileName: string, signal?: AbortSignal): ArrowTable {
  const fileFormat = hasArrowFileMagic(bytes);
  if (fileFormat && !hasArrowFileMagic(bytes, bytes.length - 6)) {
    throw new IngestError(
      `"${fileName}" is an Arrow file that is cut short: its end is missing, so it cannot be read. Copy or export the file again and load the complete file.`,
    );
  }
  let table: Table;
  try {
    table = tableFromIPC(bytes, { useDate: true, useBigInt: true });
  } catch (error) {
    throw new IngestError(
      `"${fileName}" could not be read as an Arrow IPC file: it looks damaged or is not Arrow data (${(error as Error).message}). Export it again, or save the data as CSV or Parquet.`,
    );
  }
  const { names, warnings } = cleanNames(table.names.map(String), undefined, 'the file');
  const columns: ParsedColumn[] = [];
  table.children.forEach((column: Column<unknown>, c) => {
    throwIfAborted(signal);
    const builder = new TypedColumnBuilder(arrowColumnType(column.type));
    for (const value of column) builder.push(value);
    const done = builder.finish(names[c]);
    columns.push(done.column);
    warnings.push(...done.warnings);
  });
  const batches = table.children[0]?.data.length ?? 0;
  const shape = `Arrow IPC ${fileFormat ? 'file' : 'stream'}, ${batches} record ${batches === 1 ? 'batch' : 'batches'}`;
  return { rowCount: table.numRows, columns, warnings, shape };
}

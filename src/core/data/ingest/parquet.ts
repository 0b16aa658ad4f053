/**
 * Parquet, read with hyparquet one row group at a time, straight from the Blob (only the byte
 * ranges it asks for are read), with every compression codec hyparquet-compressors provides.
 * Parquet types map as Arrow's do: integers → integer, floats, decimals and float16 → number,
 * boolean → boolean, DATE / TIMESTAMP / INT96 → date, strings → text, and nested columns (lists,
 * structs, maps) and times → text holding JSON.
 */
import { parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, ColumnData, FileMetaData, SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { IngestError } from '../columns';
import type { ColumnType, IngestWarning, ParsedColumn } from '../columns';
import { cleanNames } from './names';
import type { Progress, ReadContext } from './stream';
import { throwIfAborted } from './stream';
import { TypedColumnBuilder } from './typed';

export const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

export function hasParquetMagic(bytes: Uint8Array, at = 0): boolean {
  return PARQUET_MAGIC.every((b, i) => bytes[at + i] === b);
}

export function parquetColumnType(node: SchemaTree): ColumnType {
  const e = node.element;
  if (node.children.length > 0 || e.repetition_type === 'REPEATED') return 'text';
  const logical = e.logical_type?.type;
  const converted = e.converted_type;
  if (logical === 'DATE' || logical === 'TIMESTAMP' || converted === 'DATE' || converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS') return 'date';
  if (e.type === 'INT96') return 'date';
  if (logical === 'DECIMAL' || converted === 'DECIMAL' || logical === 'FLOAT16' || e.type === 'FLOAT' || e.type === 'DOUBLE') return 'number';
  if (logical === 'TIME' || converted === 'TIME_MILLIS' || converted === 'TIME_MICROS' || converted === 'INTERVAL' || logical === 'INTERVAL') return 'text';
  if (e.type === 'BOOLEAN') return 'boolean';
  if (e.type === 'INT32' || e.type === 'INT64') return 'integer';
  return 'text';
}

export interface ParquetTable {
  rowCount: number;
  columns: ParsedColumn[];
  warnings: IngestWarning[];
  /** "Parquet, 3 row groups". */
  shape: string;
}

function damaged(fileName: string, error: unknown): IngestError {
  const detail = error instanceof Error ? ` (${error.message})` : '';
  return new IngestError(
    `"${fileName}" could not be read as Parquet: the file looks damaged or cut short${detail}. Export it again from the program that made it and load the complete file.`,
  );
}

export async function readParquet(file: Blob, ctx: ReadContext, progress: Progress): Promise<ParquetTable> {
  const { fileName } = ctx;
  const tail = new Uint8Array(await file.slice(Math.max(0, file.size - 4)).arrayBuffer());
  if (file.size < 12 || !hasParquetMagic(tail)) {
    throw new IngestError(
      `"${fileName}" could not be read as Parquet: the file is cut short (its end, which describes the columns, is missing). Copy or export the file again and load the complete file.`,
    );
  }
  const buffer: AsyncBuffer = {
    byteLength: file.size,
    slice: (start: number, end?: number) => file.slice(start, end).arrayBuffer(),
  };

  let metadata: FileMetaData;
  let nodes: SchemaTree[];
  try {
    metadata = await parquetMetadataAsync(buffer);
    nodes = parquetSchema(metadata).children;
  } catch (error) {
    throw damaged(fileName, error);
  }
  const { names, warnings } = cleanNames(nodes.map((node) => node.element.name), undefined, 'the file');
  const builders = nodes.map((node) => new TypedColumnBuilder(parquetColumnType(node)));
  const index = new Map(nodes.map((node, i) => [node.element.name, i]));
  const totalRows = Number(metadata.num_rows);

  let rowStart = 0;
  for (const group of metadata.row_groups) {
    throwIfAborted(ctx.signal);
    const rowEnd = rowStart + Number(group.num_rows);
    if (rowEnd === rowStart) continue;
    const chunks: ColumnData[] = [];
    try {
      await parquetRead({ file: buffer, metadata, rowStart, rowEnd, compressors, onChunk: (chunk) => chunks.push(chunk) });
    } catch (error) {
      throw damaged(fileName, error);
    }
    throwIfAborted(ctx.signal);
    chunks.sort((a, b) => a.rowStart - b.rowStart);
    for (const chunk of chunks) {
      const c = index.get(chunk.columnName);
      if (c === undefined) continue;
      const builder = builders[c];
      // Chunks may reach outside the requested rows; take each row once, in order.
      while (builder.length < Math.min(chunk.rowStart, rowEnd)) builder.push(null);
      const from = Math.max(chunk.rowStart, builder.length);
      const to = Math.min(chunk.rowEnd, rowEnd);
      const data = chunk.columnData;
      for (let r = from; r < to; r++) builder.push(data[r - chunk.rowStart]);
    }
    for (const builder of builders) while (builder.length < rowEnd) builder.push(null);
    rowStart = rowEnd;
    progress.report(totalRows === 0 ? file.size : (rowEnd / totalRows) * file.size);
  }

  if (rowStart === 0) {
    throw new IngestError(`"${fileName}" has columns (${names.slice(0, 5).join(', ')}) but no data rows. Choose a file with at least one row of data.`);
  }
  const columns: ParsedColumn[] = [];
  builders.forEach((builder, c) => {
    const done = builder.finish(names[c]);
    columns.push(done.column);
    warnings.push(...done.warnings);
  });
  const groups = metadata.row_groups.length;
  return { rowCount: rowStart, columns, warnings, shape: `Parquet, ${groups} row ${groups === 1 ? 'group' : 'groups'}` };
}

/**
 * JSON Lines / NDJSON: one JSON object per line, read as the text streams in.
 * Blank lines are skipped. Any line that is not valid JSON, or not an object, refuses the whole
 * file, naming the first such line: a half-loaded file would look complete and mislead, and the
 * line number is enough to fix it.
 */
import { IngestError } from '../columns';
import type { IngestWarning, ParsedColumn } from '../columns';
import { findJsonProblem } from './json-error';
import { RecordTable, describeJsonValue, isRecord } from './records';
import { emptyFileError } from './text-table';

export interface JsonLinesTable {
  rowCount: number;
  columns: ParsedColumn[];
  warnings: IngestWarning[];
}

export async function readJsonLines(chunks: AsyncIterable<string>, fileName: string): Promise<JsonLinesTable> {
  const table = new RecordTable();
  let line = 0;
  let rest = '';

  const handle = (text: string): void => {
    line++;
    // CRLF files: the CR stays at the end of the line.
    const trimmed = text.trim();
    if (trimmed === '') return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      const problem = findJsonProblem(trimmed);
      const why = problem === null ? (error as Error).message : `${problem.reason}, column ${problem.column + (text.length - text.trimStart().length)}`;
      throw new IngestError(
        `Line ${line} of "${fileName}" is not valid JSON (${why}). Every line of a JSON Lines file must be one complete JSON object; fix or remove that line and load the file again.`,
        line,
      );
    }
    if (!isRecord(value)) {
      throw new IngestError(
        `Line ${line} of "${fileName}" holds ${describeJsonValue(value)}, not a JSON object. Every line of a JSON Lines file must be one object such as {"a": 1, "b": "x"}.`,
        line,
      );
    }
    table.add(value, line);
  };

  for await (const chunk of chunks) {
    let start = 0;
    if (rest.length > 0) {
      const nl = chunk.indexOf('\n');
      if (nl === -1) {
        rest += chunk;
        continue;
      }
      handle(rest + chunk.slice(0, nl));
      start = nl + 1;
    }
    for (let nl = chunk.indexOf('\n', start); nl !== -1; nl = chunk.indexOf('\n', start)) {
      handle(chunk.slice(start, nl));
      start = nl + 1;
    }
    rest = chunk.slice(start);
  }
  if (rest.length > 0) handle(rest);

  if (table.rowCount === 0) throw emptyFileError(fileName);
  if (table.columnCount === 0) throw new IngestError(`"${fileName}" holds only empty objects ({}), so there are no columns to load.`);
  const { columns, warnings } = table.finish('line');
  return { rowCount: table.rowCount, columns, warnings };
}

/**
 * A whole JSON document as a table. Three shapes are tables:
 * - an array of records: `[{"a": 1, "b": "x"}, …]`;
 * - an object of equally long columns: `{"a": [1, 2], "b": ["x", "y"]}`;
 * - an object wrapping one array of records, as APIs and GeoJSON do:
 *   `{"data": [{…}, …]}` or `{"count": 2, "results": [{…}, …]}`. The description names the key.
 * Anything else is refused with a message that shows the expected shapes.
 */
import { IngestError } from '../columns';
import type { IngestWarning, ParsedColumn } from '../columns';
import { ColumnBuilder } from './infer';
import { findJsonProblem } from './json-error';
import { cleanNames } from './names';
import { RecordTable, describeJsonValue, isRecord } from './records';
import { emptyFileError } from './text-table';
import { count } from './words';

export interface JsonTable {
  rowCount: number;
  columns: ParsedColumn[];
  warnings: IngestWarning[];
  /** For the description: "array of 344 records". */
  shape: string;
}

/** Returned instead of a table when the text is a sequence of JSON objects, one per line. */
export const JSON_LINES = Symbol('json-lines');

const SHAPES = 'A table in JSON is an array of objects ([{"a": 1, "b": 2}, …]) or an object of equally long arrays ({"a": [1, 2], "b": [3, 4]}).';

export function readJson(text: string, fileName: string): JsonTable | typeof JSON_LINES {
  if (text.trim() === '') throw emptyFileError(fileName);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const problem = findJsonProblem(text);
    if (problem === null) {
      // Valid by our reading but not the engine's (e.g. nesting too deep for it).
      throw new IngestError(`"${fileName}" could not be read as JSON: ${(error as Error).message}.`);
    }
    // One object per line is JSON Lines saved under a .json name: read it as such.
    if (problem.extraContent && text[problem.offset] === '{' && /[\r\n][ \t\r\n]*$/.test(text.slice(Math.max(0, problem.offset - 256), problem.offset))) {
      return JSON_LINES;
    }
    throw new IngestError(
      `"${fileName}" is not valid JSON: ${problem.reason} at line ${problem.line}, column ${problem.column}. Fix that spot in the file (or export it again from the program that made it) and load it again.`,
      problem.line,
    );
  }

  if (Array.isArray(document)) return fromRecords(document, fileName, `array of ${count(document.length, 'record')}`);
  if (!isRecord(document)) {
    throw new IngestError(`"${fileName}" holds ${describeJsonValue(document)}, not a table. ${SHAPES}`);
  }
  const keys = Object.keys(document);
  if (keys.length === 0) throw new IngestError(`"${fileName}" holds an empty JSON object, so there is no data to load. ${SHAPES}`);

  const arrays = keys.filter((key) => Array.isArray(document[key]));
  const recordArrays = arrays.filter((key) => {
    const first = (document[key] as unknown[]).find((v) => v !== null);
    return isRecord(first);
  });
  if (recordArrays.length > 1) {
    const listed = recordArrays.slice(0, 4).map((key) => `"${key}"`).join(', ');
    throw new IngestError(
      `"${fileName}" holds several lists of records (${listed}), so it is not one table. Save the list you need as its own file, as an array of objects.`,
    );
  }
  const columnsShape = arrays.length === keys.length;
  const length = (key: string) => (document[key] as unknown[]).length;
  const equalLengths = columnsShape && keys.every((key) => length(key) === length(keys[0]));
  // A wrapper: one list of records, alone or beside metadata (GeoJSON's "type" and "bbox").
  if (recordArrays.length === 1 && (keys.length === 1 || !equalLengths)) {
    const key = recordArrays[0];
    return fromRecords(document[key] as unknown[], fileName, `${count(length(key), 'record')} under "${key}"`);
  }
  if (columnsShape) return fromColumns(document as Record<string, unknown[]>, keys, fileName);
  throw new IngestError(`"${fileName}" holds a JSON object that is neither a list of records nor an object of columns. ${SHAPES}`);
}

function fromRecords(records: unknown[], fileName: string, shape: string): JsonTable {
  if (records.length === 0) throw new IngestError(`"${fileName}" holds an empty array: there are no records to load.`);
  const table = new RecordTable();
  records.forEach((record, index) => {
    if (!isRecord(record)) {
      throw new IngestError(
        `"${fileName}" could not be read as a table: item ${index + 1} of the array is ${describeJsonValue(record)}, not an object with named fields. ${SHAPES}`,
      );
    }
    table.add(record, index + 1);
  });
  if (table.columnCount === 0) throw new IngestError(`"${fileName}" holds only empty objects ({}), so there are no columns to load.`);
  const { columns, warnings } = table.finish('record');
  return { rowCount: table.rowCount, columns, warnings, shape };
}

function fromColumns(document: Record<string, unknown[]>, keys: string[], fileName: string): JsonTable {
  const length = document[keys[0]].length;
  for (const key of keys) {
    const n = document[key].length;
    if (n !== length) {
      throw new IngestError(
        `"${fileName}" could not be read as a table: column "${key}" has ${n} values but column "${keys[0]}" has ${length}. In a JSON object of columns every column must have the same number of values.`,
      );
    }
  }
  if (length === 0) throw new IngestError(`"${fileName}" holds columns without values: there are no rows to load.`);
  const { names, warnings } = cleanNames(keys, undefined, 'the JSON keys');
  const columns: ParsedColumn[] = [];
  keys.forEach((key, c) => {
    const builder = new ColumnBuilder();
    document[key].forEach((value, i) => builder.addValue(value !== null && typeof value === 'object' ? JSON.stringify(value) : value, i + 1));
    const done = builder.finish(names[c], 'row');
    columns.push(done.column);
    warnings.push(...done.warnings);
  });
  return { rowCount: length, columns, warnings, shape: `object of ${count(keys.length, 'column')}` };
}

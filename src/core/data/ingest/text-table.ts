/**
 * From delimited text to columns: detect the delimiter on the first part of the file, take the
 * first record as the header, then feed every row to one column builder per column, evening out
 * ragged rows and reporting them.
 */
import { IngestError } from '../columns';
import type { IngestWarning, ParsedColumn } from '../columns';
import { ByteDelimitedParser, fieldText, isBlankField } from './delimited-bytes';
import { detectDelimiter, DELIMITERS } from './delimiter';
import type { Delimiter } from './delimiter';
import { ColumnBuilder } from './infer';
import { cleanNames } from './names';

/** Characters of text (at least) used to choose the delimiter. */
const SAMPLE_CHARS = 65_536;

export interface DelimitedTable {
  rowCount: number;
  columns: ParsedColumn[];
  warnings: IngestWarning[];
  delimiter: Delimiter | null;
  /** Some number was written with a decimal comma (semicolon-separated files only). */
  usedDecimalComma: boolean;
}

export interface DelimitedOptions {
  fileName: string;
  /** The delimiter the file name suggests (tab for .tsv). */
  preferred?: Delimiter;
}

export function emptyFileError(fileName: string): IngestError {
  return new IngestError(
    `"${fileName}" is empty: it has no rows or columns, only blank space. Choose a file with a header row and at least one row of data.`,
  );
}

/** Reads delimited text from chunks of UTF-8 bytes (without a byte order mark). */
export async function readDelimited(chunks: AsyncIterable<Uint8Array>, options: DelimitedOptions): Promise<DelimitedTable> {
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    return await parse(iterator, options);
  } finally {
    // Stops reading the file when parsing ends early (an unclosed quote, a cancel).
    await iterator.return?.(undefined);
  }
}

async function parse(iterator: AsyncIterator<Uint8Array>, options: DelimitedOptions): Promise<DelimitedTable> {
  const { fileName } = options;
  const sample: Uint8Array[] = [];
  const texts: string[] = [];
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let sampleLength = 0;
  let complete = false;
  while (sampleLength < SAMPLE_CHARS) {
    const next = await iterator.next();
    if (next.done === true) {
      complete = true;
      break;
    }
    sample.push(next.value);
    const text = decoder.decode(next.value, { stream: true });
    texts.push(text);
    sampleLength += text.length;
  }
  const head = texts.join('');

  // Excel writes "sep=;" as a first line to name the delimiter; honour it and skip the line.
  let delimiter: Delimiter | null;
  let skipFirstLine = false;
  const hint = /^sep=(.)\r?\n/i.exec(head);
  if (hint !== null && (DELIMITERS as readonly string[]).includes(hint[1])) {
    delimiter = hint[1] as Delimiter;
    skipFirstLine = true;
  } else {
    delimiter = detectDelimiter(head, complete, options.preferred);
  }

  const builders: ColumnBuilder[] = [];
  const warnings: IngestWarning[] = [];
  let names = null as string[] | null;
  let width = 0;
  let rowCount = 0;
  let short = 0;
  let firstShort = 0;
  let long = 0;
  let firstLong = 0;
  let emptyRows = 0;
  let firstEmpty = 0;
  let headerWarnings: IngestWarning[] = [];
  let trailingUnnamed = false;
  const decimalComma = delimiter === ';';

  const parser = new ByteDelimitedParser(
    delimiter,
    (record, line) => {
      if (skipFirstLine) {
        skipFirstLine = false;
        return;
      }
      const k = record.count;
      // A row of empty fields (",,,", left behind by spreadsheets) holds nothing: skip it.
      let empty = true;
      for (let f = 0; empty && f < k; f++) empty = isBlankField(record, f);
      if (empty) {
        if (emptyRows++ === 0) firstEmpty = line;
        return;
      }
      if (names === null) {
        const fields = Array.from({ length: k }, (_, f) => fieldText(record, f));
        const cleaned = cleanNames(fields, line);
        names = cleaned.names;
        headerWarnings = cleaned.warnings;
        trailingUnnamed = k > 1 && fields[k - 1].trim() === '';
        width = names.length;
        for (let c = 0; c < width; c++) builders.push(new ColumnBuilder({ decimalComma }));
        return;
      }
      rowCount++;
      const m = k < width ? k : width;
      const { buf, starts, ends, quoted } = record;
      for (let c = 0; c < m; c++) {
        if (quoted[c] === 0) builders[c].addBytes(buf, starts[c], ends[c], line);
        else builders[c].addText(fieldText(record, c), line);
      }
      if (k < width) {
        for (let c = k; c < width; c++) builders[c].addMissing(1);
        if (short++ === 0) firstShort = line;
      } else if (k > width) {
        // Trailing delimiters ("a,b,c,,") add empty fields that hold nothing: not worth a warning.
        for (let c = width; c < k; c++) {
          if (!isBlankField(record, c)) {
            if (long++ === 0) firstLong = line;
            break;
          }
        }
      }
    },
    fileName,
  );

  for (const chunk of sample) parser.push(chunk);
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) break;
    parser.push(next.value);
  }
  parser.end();

  if (names === null) throw emptyFileError(fileName);
  const header: string[] = names;
  if (rowCount === 0) {
    throw new IngestError(
      `"${fileName}" has a header but no data rows: only the column names (${preview(header)}) were found. Add at least one row of data below the header, or choose another file.`,
    );
  }

  if (emptyRows > 0) {
    warnings.push({
      code: 'empty-row',
      line: firstEmpty,
      count: emptyRows,
      message: `${emptyRows === 1 ? '1 row has' : `${emptyRows} rows have`} only empty fields (first at line ${firstEmpty}); ${emptyRows === 1 ? 'it was' : 'they were'} skipped.`,
    });
  }
  if (short > 0) {
    warnings.push({
      code: 'ragged-row',
      line: firstShort,
      count: short,
      message: `${rows(short)} fewer fields than the header's ${width} (first at line ${firstShort}); the missing cells were left empty. If that is not expected, check the delimiter and the quotes on that line.`,
    });
  }
  if (long > 0) {
    warnings.push({
      code: 'ragged-row',
      line: firstLong,
      count: long,
      message: `${rows(long)} more fields than the header's ${width} (first at line ${firstLong}); the extra fields were dropped. Check the delimiter and the quotes on that line, or add names for the extra columns to the header.`,
    });
  }

  // "a,b,\n1,2,\n": a trailing delimiter on every line makes an unnamed, empty last column.
  // Exports from spreadsheets do this; the column holds nothing, so it is dropped without a word.
  if (trailingUnnamed && builders[width - 1].filled === 0) {
    const dropped = header[width - 1];
    builders.pop();
    headerWarnings = headerWarnings.filter((w) => w.column !== dropped);
  }
  warnings.unshift(...headerWarnings);

  const columns: ParsedColumn[] = [];
  let usedDecimalComma = false;
  builders.forEach((builder, c) => {
    usedDecimalComma ||= builder.usedDecimalComma;
    const done = builder.finish(header[c], 'line');
    columns.push(done.column);
    warnings.push(...done.warnings);
  });
  return { rowCount, columns, warnings, delimiter, usedDecimalComma };
}

function rows(count: number): string {
  return count === 1 ? '1 row has' : `${count} rows have`;
}

function preview(names: string[]): string {
  const shown = names.slice(0, 5).map((n) => `"${n}"`).join(', ');
  return names.length > 5 ? `${shown}, …` : shown;
}

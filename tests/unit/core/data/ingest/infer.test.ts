import { describe, expect, test } from 'vitest';
import { ColumnBuilder, allowedMisfits } from '$src/core/data/ingest/infer';
import { TokenKind, classify, isMissingToken, parseBoolean, parseDate, parseNumber } from '$src/core/data/ingest/tokens';
import { column, load, types, values } from './helpers';

function build(cells: string[], decimalComma = false) {
  const builder = new ColumnBuilder({ decimalComma });
  cells.forEach((cell, i) => builder.addText(cell, i + 2));
  return builder.finish('x', 'line');
}

const plain = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
const list = (values: ArrayLike<unknown>) => Array.from(values, plain);

describe('tokens', () => {
  test('missing tokens, after trimming and ignoring case', () => {
    for (const t of ['', 'NA', 'na', 'N/A', 'n/a', 'null', 'NULL', 'NaN', 'nan', '?', '-']) expect(isMissingToken(t), t).toBe(true);
    for (const t of ['0', 'none', 'nil', '--', 'NA.', 'n.a.']) expect(isMissingToken(t), t).toBe(false);
  });

  test('numbers are strict', () => {
    expect(parseNumber('12', false)).toBe(12);
    expect(parseNumber('-3.5', false)).toBe(-3.5);
    expect(parseNumber('+7', false)).toBe(7);
    expect(parseNumber('.5', false)).toBe(0.5);
    expect(parseNumber('5.', false)).toBe(5);
    expect(parseNumber('1e3', false)).toBe(1000);
    expect(parseNumber('2.5E-2', false)).toBe(0.025);
    for (const t of ['0x1F', 'Infinity', '1,5', '1 000', '1_000', '12abc', 'e5', '.', '1.2.3', '$5', '5%']) {
      expect(parseNumber(t, false), t).toBeNaN();
    }
  });

  test('a decimal comma only where asked for (semicolon-separated files)', () => {
    expect(parseNumber('1,5', true)).toBe(1.5);
    expect(parseNumber('-0,25', true)).toBe(-0.25);
    expect(parseNumber('1,234,5', true)).toBeNaN();
    expect(parseNumber('1,5', false)).toBeNaN();
  });

  test('booleans are true and false in any case; yes/no and 0/1 are not booleans', () => {
    expect(parseBoolean('TRUE')).toBe(true);
    expect(parseBoolean('False')).toBe(false);
    for (const t of ['yes', 'no', 'y', 'n', 't', 'f', '1', '0']) expect(parseBoolean(t), t).toBeNull();
  });

  test('dates are strict ISO (or YYYY/MM/DD), read as UTC when no offset is given', () => {
    const iso = (t: string) => new Date(parseDate(t)).toISOString();
    expect(iso('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(iso('2024/03/01')).toBe('2024-03-01T00:00:00.000Z');
    expect(iso('2024-03-01T10:20')).toBe('2024-03-01T10:20:00.000Z');
    expect(iso('2024-03-01 10:20:30')).toBe('2024-03-01T10:20:30.000Z');
    expect(iso('2024-03-01T10:20:30.123456Z')).toBe('2024-03-01T10:20:30.123Z');
    expect(iso('2024-03-01T10:20:30+02:00')).toBe('2024-03-01T08:20:30.000Z');
    expect(iso('2024-03-01T10:20:30-0530')).toBe('2024-03-01T15:50:30.000Z');
    expect(iso('0099-01-01')).toBe('0099-01-01T00:00:00.000Z');
    for (const t of ['2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-1-5', '24-01-05', '2024-01-05T25:00', '2024-01-05T10:61',
      '2024-01-05Z', '01/05/24', '2024-01-05T10', '20240105', 'Jan 5 2024', '2024-01/05']) {
      expect(parseDate(t), t).toBeNaN();
    }
  });

  test('classify: codes are whole numbers that a double would change', () => {
    const out = { kind: TokenKind.Missing as TokenKind, value: NaN };
    expect(classify('00501', false, out).kind).toBe(TokenKind.Code);
    expect(classify('-007', false, out).kind).toBe(TokenKind.Code);
    expect(classify('12345678901234567890', false, out).kind).toBe(TokenKind.Code);
    expect(classify('0', false, out).kind).toBe(TokenKind.Integer);
    expect(classify('0.5', false, out).kind).toBe(TokenKind.Number);
    expect(classify('1e999', false, out).kind).toBe(TokenKind.Text);
  });
});

describe('ColumnBuilder type choice', () => {
  test('integers, numbers, booleans, dates and text', () => {
    expect(build(['1', '2', ' 3 ', '-4']).column.info.type).toBe('integer');
    expect(build(['1', '2.5', '3']).column.info.type).toBe('number');
    expect(build(['1.0', '2.0']).column.info.type).toBe('number');
    expect(build(['true', 'FALSE', 'True']).column.info.type).toBe('boolean');
    expect(build(['2024-01-01', '2024-01-02T10:00Z']).column.info.type).toBe('date');
    expect(build(['a', 'b']).column.info.type).toBe('text');
    expect(build(['yes', 'no']).column.info.type).toBe('text');
  });

  test('values of each type; missing tokens are missing in every type', () => {
    const ints = build(['1', 'NA', '3', '']);
    expect(list(ints.column.values)).toEqual([1, NaN, 3, NaN]);
    expect(ints.column.info).toEqual({ name: 'x', type: 'integer', missing: 2 });
    const bools = build(['true', '-', 'false']);
    expect(list(bools.column.values)).toEqual([true, null, false]);
    expect(bools.column.info.missing).toBe(1);
    const dates = build(['2024-01-01', 'null', '2024/01/03']);
    expect(list(dates.column.values)).toEqual(['2024-01-01T00:00:00.000Z', null, '2024-01-03T00:00:00.000Z']);
    const text = build([' a ', 'N/A', 'b']);
    expect(list(text.column.values)).toEqual(['a', null, 'b']);
    expect(text.column.info.missing).toBe(1);
  });

  test('integer means every value is whole and within ±2^53', () => {
    expect(build(['1', '2', '9007199254740991']).column.info.type).toBe('integer');
    expect(build(['1', '2', '3.5']).column.info.type).toBe('number');
    // Beyond 2^53 or with leading zeros, whole numbers are codes: kept as text, exactly as written.
    const ids = build(['1', '2', '12345678901234567890']);
    expect(ids.column.info.type).toBe('text');
    expect(list(ids.column.values)).toEqual(['1', '2', '12345678901234567890']);
    const zips = build(['02134', '10001', '00501']);
    expect(zips.column.info.type).toBe('text');
    expect(list(zips.column.values)).toEqual(['02134', '10001', '00501']);
    // In a column of decimals a leading zero is just a number.
    expect(list(build(['0.5', '05', '1.25']).column.values)).toEqual([0.5, 5, 1.25]);
  });

  test('the 2% rule: at most floor(2% of values) may miss the type', () => {
    expect(allowedMisfits(49)).toBe(0);
    expect(allowedMisfits(50)).toBe(1);
    expect(allowedMisfits(1000)).toBe(20);
    const hundred = (bad: number) => Array.from({ length: 100 }, (_, i) => (i < bad ? `bad${i}` : String(i)));
    expect(build(hundred(2)).column.info.type).toBe('integer');
    expect(build(hundred(3)).column.info.type).toBe('text');
    // Below 50 values every value must fit.
    expect(build(['1', '2', '3', 'x']).column.info.type).toBe('text');
  });

  test('misfits become missing and are reported once per column, with count, first line and example', () => {
    const cells = Array.from({ length: 200 }, (_, i) => String(i + 0.5));
    cells[120] = 'oops';
    cells[150] = 'n.a.';
    const { column: col, warnings } = build(cells);
    expect(col.info.type).toBe('number');
    expect(col.info.missing).toBe(2);
    expect((col.values as Float64Array)[120]).toBeNaN();
    expect(warnings).toEqual([
      {
        code: 'type-mismatch',
        column: 'x',
        count: 2,
        line: 122,
        message:
          'Column "x" is a number column, but 2 values are not numbers (first at line 122: "oops"). They were read as missing; correct them in the file and load it again if they matter.',
      },
    ]);
  });

  test('a non-number after row 1,000 is reported with its line, not silently NaN', () => {
    const cells = Array.from({ length: 1500 }, (_, i) => String(i));
    cells[1234] = 'twelve';
    const { column: col, warnings } = build(cells);
    expect(col.info.type).toBe('integer');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].line).toBe(1236);
    expect(warnings[0].message).toContain('1 value is not a number (line 1236: "twelve")');
  });

  test('booleans and dates report misfits too', () => {
    const bools: string[] = Array.from({ length: 60 }, (_, i) => (i % 2 ? 'true' : 'false'));
    bools[10] = 'maybe';
    expect(build(bools).warnings[0].message).toContain('is a true/false column, but 1 value is not true or false (line 12: "maybe")');
    const dates = Array.from({ length: 60 }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}`);
    dates[5] = '2024-02-30';
    const d = build(dates);
    expect(d.column.info.type).toBe('date');
    expect(d.warnings[0].message).toContain('1 value is not a date (such as 2025-12-24 or 24.12.2025) (line 7: "2024-02-30")');
  });

  test('an all-missing column is text, with a warning', () => {
    const { column: col, warnings } = build(['', 'NA', '-']);
    expect(col.info).toEqual({ name: 'x', type: 'text', missing: 3 });
    expect(warnings.map((w) => w.code)).toEqual(['empty-column']);
  });

  test('a column that starts numeric and turns out text keeps every value', () => {
    const cells = [...Array.from({ length: 100 }, (_, i) => String(i)), ...Array.from({ length: 300 }, (_, i) => `w${i}`)];
    const { column: col } = build(cells);
    expect(col.info.type).toBe('text');
    expect((col.values as string[])[0]).toBe('0');
    expect((col.values as string[])[99]).toBe('99');
    expect((col.values as string[])[399]).toBe('w299');
  });

  test('the chosen type need not be the type of the first value', () => {
    const cells = ['7', ...Array.from({ length: 60 }, (_, i) => (i % 2 ? 'true' : 'false'))];
    const { column: col, warnings } = build(cells);
    expect(col.info.type).toBe('boolean');
    expect(col.info.missing).toBe(1);
    expect(warnings[0].message).toContain('(line 2: "7")');
  });

  test('decimal commas in semicolon files', () => {
    const { column: col } = build(['1,5', '2', '-0,25'], true);
    expect(col.info.type).toBe('number');
    expect(list(col.values)).toEqual([1.5, 2, -0.25]);
  });

  test('values from JSON keep their type; strings are read like text cells', () => {
    const builder = new ColumnBuilder();
    [1, 2.5, null, '4', 'NA'].forEach((v, i) => builder.addValue(v, i + 1));
    const { column: col } = builder.finish('j', 'record');
    expect(col.info).toEqual({ name: 'j', type: 'number', missing: 2 });
    expect(list(col.values)).toEqual([1, 2.5, NaN, 4, NaN]);
    const bools = new ColumnBuilder();
    [true, false, 'TRUE', null].forEach((v, i) => bools.addValue(v, i + 1));
    expect(list(bools.finish('b', 'record').column.values)).toEqual([true, false, true, null]);
  });

  test('JSON misfits name the record', () => {
    const builder = new ColumnBuilder();
    for (let i = 0; i < 60; i++) builder.addValue(i === 40 ? 'n/k' : i, i + 1);
    expect(builder.finish('j', 'record').warnings[0].message).toContain('(record 41: "n/k")');
  });
});

describe('inference through ingest, over all rows', () => {
  test('types of a mixed CSV', async () => {
    const rows = ['int,num,bool,date,text,empty'];
    for (let i = 0; i < 30; i++) rows.push(`${i},${i / 4},${i % 3 === 0},2024-01-${String((i % 28) + 1).padStart(2, '0')},w${i},`);
    const table = await load(rows.join('\n'), 'mixed.csv');
    expect(types(table)).toEqual({ int: 'integer', num: 'number', bool: 'boolean', date: 'date', text: 'text', empty: 'text' });
    expect(column(table, 'empty').info.missing).toBe(30);
  });

  test('a non-number deep in a numeric CSV column is reported with its physical line', async () => {
    const rows = ['id,note,value'];
    // A quoted newline early on shifts every later line by one.
    rows.push('1,"two\nlines",1.5');
    for (let i = 2; i <= 1300; i++) rows.push(`${i},x,${i === 1201 ? 'N/K' : i + 0.5}`);
    const table = await load(`${rows.join('\n')}\n`, 'deep.csv');
    expect(column(table, 'value').info).toEqual({ name: 'value', type: 'number', missing: 1 });
    expect(values(table, 'value')[1200]).toBeNaN();
    const warning = table.warnings.find((w) => w.code === 'type-mismatch');
    expect(warning).toMatchObject({ column: 'value', count: 1, line: 1203 });
  });
});

describe('the order of day and month, decided by the whole column', () => {
  const isoDays = (table: Awaited<ReturnType<typeof load>>, name: string) => values(table, name).map((v) => (typeof v === 'string' ? v.slice(0, 10) : v));

  test('a first field over 12 anywhere settles day first', async () => {
    const t = await load('When,n\n05/06/2025,1\n01/02/2025,2\n24/12/2025,3\n', 'd.csv');
    expect(types(t).When).toBe('date');
    expect(isoDays(t, 'When')).toEqual(['2025-06-05', '2025-02-01', '2025-12-24']);
    expect(column(t, 'When').info.dates).toMatchObject({ order: 'day-first', switchable: false });
    expect(column(t, 'When').info.dates!.note).toBe('Dates in "When" read as day/month/year: line 4 ("24/12/2025") settles it.');
  });

  test('a second field over 12 anywhere, even on the last line, settles month first', async () => {
    const t = await load('When,n\n05/06/2025,1\n01/02/2025 08:30,2\n12/24/2025,3\n', 'd.csv');
    expect(values(t, 'When')).toEqual(['2025-05-06T00:00:00.000Z', '2025-01-02T08:30:00.000Z', '2025-12-24T00:00:00.000Z']);
    expect(column(t, 'When').info.dates).toMatchObject({ order: 'month-first', switchable: false });
  });

  test('when nothing settles it: day first, said so, and switchable', async () => {
    const t = await load('When,n\n05/06/2025,1\n01/02/2025,2\n', 'd.csv');
    expect(isoDays(t, 'When')).toEqual(['2025-06-05', '2025-02-01']);
    expect(column(t, 'When').info.dates).toEqual({
      order: 'day-first',
      switchable: true,
      note: 'Dates in "When" read as day/month/year: nothing in the file settles it (no day or month is over 12).',
    });
    expect(t.warnings).toEqual([]);
  });

  test('both orders in one column: each date the one way it can be, and a warning', async () => {
    const t = await load('When\n05/06/2025\n24/12/2025\n12/24/2025\n', 'd.csv');
    expect(isoDays(t, 'When')).toEqual(['2025-06-05', '2025-12-24', '2025-12-24']);
    expect(t.warnings.map((w) => w.code)).toEqual(['date-order']);
    expect(t.warnings[0].message).toContain('line 3 ("24/12/2025") can only be day/month/year and line 4 ("12/24/2025") only month/day/year');
  });

  test('dotted and year-first dates carry no reading; an impossible date is a misfit as before', async () => {
    const cells = Array.from({ length: 60 }, (_, i) => `${String((i % 28) + 1).padStart(2, '0')}.12.2025`);
    cells[7] = '31.02.2025';
    const built = build(cells);
    expect(built.column.info.type).toBe('date');
    expect(built.column.info.dates).toBeUndefined();
    expect(built.column.info.missing).toBe(1);
    expect(built.warnings.map((w) => w.message)).toEqual([
      'Column "x" is a date column, but 1 value is not a date (such as 2025-12-24 or 24.12.2025) (line 9: "31.02.2025"). It was read as missing; correct it in the file and load it again if it matters.',
    ]);
  });

  test('a column read in parts decides as one: the settling date may be in the last part', () => {
    const first = new ColumnBuilder();
    ['05/06/2025', '01/02/2025'].forEach((c, i) => first.addText(c, i + 2));
    const second = ColumnBuilder.fromState(new ColumnBuilder().toState());
    second.addText('12/31/2025', 1);
    const joined = ColumnBuilder.fromState(first.toState());
    joined.append(second, 3);
    const { column: c } = joined.finish('When', 'line');
    expect(list(c.values)).toEqual(['2025-05-06T00:00:00.000Z', '2025-01-02T00:00:00.000Z', '2025-12-31T00:00:00.000Z']);
    expect(c.info.dates!.note).toBe('Dates in "When" read as month/day/year: line 4 ("12/31/2025") settles it.');
  });

  test('bytes and text read a column the same way', () => {
    const cells = ['05/06/2025', '1/2/2025 10:00', '12/24/2025'];
    const fromText = new ColumnBuilder();
    const fromBytes = new ColumnBuilder();
    const encoder = new TextEncoder();
    cells.forEach((cell, i) => {
      fromText.addText(cell, i + 2);
      const b = encoder.encode(cell);
      fromBytes.addBytes(b, 0, b.length, i + 2);
    });
    const a = fromText.finish('When', 'line').column;
    const b = fromBytes.finish('When', 'line').column;
    expect(list(b.values)).toEqual(list(a.values));
    expect(b.info).toEqual(a.info);
  });
});

describe('a spreadsheet export with semicolons, decimal commas and dd.mm.yyyy dates', () => {
  test('reads dates as dates and numbers as numbers, thousands points included', async () => {
    const csv = 'Datum;Temperatur;Menge;Klasse\n24.12.2025;3,5;1.234,5;A\n25.12.2025;-1,25;12,5;B\n02.01.2026;0,5;2.500.000;A\n';
    const t = await load(csv, 'export.csv');
    expect(types(t)).toEqual({ Datum: 'date', Temperatur: 'number', Menge: 'number', Klasse: 'text' });
    expect(values(t, 'Datum')).toEqual(['2025-12-24T00:00:00.000Z', '2025-12-25T00:00:00.000Z', '2026-01-02T00:00:00.000Z']);
    expect(values(t, 'Temperatur')).toEqual([3.5, -1.25, 0.5]);
    expect(values(t, 'Menge')).toEqual([1234.5, 12.5, 2500000]);
    expect(t.description).toContain('semicolon-separated, decimal comma');
    expect(t.warnings).toEqual([]);
  });
});

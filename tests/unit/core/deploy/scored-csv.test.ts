import { describe, expect, it } from 'vitest';
import { scoredCsv } from '$src/core/deploy/scored-csv';
import type { ParsedColumn } from '$src/core/data/columns';

describe('the scored file', () => {
  it('writes inputs as read, then prediction, probabilities and flags, numbers never formula-escaped', async () => {
    const columns: ParsedColumn[] = [
      { info: { name: 'x', type: 'number', missing: 1 }, values: Float64Array.from([-1.25, NaN, 0.1 + 0.2]) },
      { info: { name: 'c', type: 'text', missing: 1 }, values: ['=SUM(A1)', null, 'a, b'] },
      { info: { name: 'ok', type: 'boolean', missing: 0 }, values: [true, false, true] },
      { info: { name: 'd', type: 'date', missing: 1 }, values: [new Date(Date.UTC(2024, 0, 31)), null, new Date(Date.UTC(2024, 0, 31, 12, 30))] },
    ];
    const chunks = [
      { start: 0, scored: { predictions: ['A', 'B'], probabilities: Float32Array.from([0.75, 0.25, 0.5, 0.5]) }, flags: [[], ['c is missing.']] },
      { start: 2, scored: { predictions: ['-A'], probabilities: Float32Array.from([0, 1]) }, flags: [[]] },
    ];
    const text = await scoredCsv(columns, ['A', 'B'], chunks).text();
    expect(text.split('\r\n')).toEqual([
      'x,c,ok,d,prediction,probability A,probability B,flags',
      "-1.25,'=SUM(A1),true,2024-01-31,A,0.75,0.25,",
      ',,false,,B,0.5,0.5,c is missing.',
      '0.30000000000000004,"a, b",true,2024-01-31T12:30:00Z,\'-A,0,1,',
      '',
    ]);
  });

  it('writes a regression prediction as a number and no probability columns', async () => {
    const columns: ParsedColumn[] = [{ info: { name: 'x', type: 'number', missing: 0 }, values: Float64Array.from([2]) }];
    const text = await scoredCsv(columns, [], [{ start: 0, scored: { predictions: [-3.5], probabilities: null }, flags: [[]] }]).text();
    expect(text).toBe('x,prediction,flags\r\n2,-3.5,\r\n');
  });
});

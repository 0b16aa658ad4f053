import { describe, expect, it } from 'vitest';
import { describeProgress, formatBytes } from '$src/core/format';

describe('formatBytes', () => {
  it('uses the units of a file manager', () => {
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(135 * 1024 * 1024)).toBe('135 MB');
  });
});

describe('describeProgress', () => {
  it('names what it counts', () => {
    expect(describeProgress(320, 1000, 'batches')).toBe('320 of 1000 batches');
    expect(describeProgress(3, 8, 'trials')).toBe('3 of 8 trials');
    expect(describeProgress(5000, 20000, 'rows')).toBe('5000 of 20000 rows');
    expect(describeProgress(2, 9, 'steps')).toBe('2 of 9 steps');
  });

  it('gives bytes in the unit of the total', () => {
    const MB = 1024 * 1024;
    expect(describeProgress(48.4 * MB, 135 * MB, 'bytes')).toBe('48 of 135 MB read');
    expect(describeProgress(3.24 * MB, 12.5 * MB, 'bytes')).toBe('3.2 of 12.5 MB read');
    expect(describeProgress(512 * 1024, 2 * 1024 * MB, 'bytes')).toBe('0.0 of 2.0 GB read');
    expect(describeProgress(100, 900, 'bytes')).toBe('100 of 900 bytes read');
  });

  it('says nothing while the total is unknown', () => {
    expect(describeProgress(10, 0, 'rows')).toBe('');
  });
});

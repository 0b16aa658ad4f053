/** Small helpers for messages in plain words. */

/** "1 record", "3 records". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

let last = 0;

/**
 * The time to stamp on a new record: `Date.now()`, but strictly increasing within this tab.
 * Lists are ordered by creation time, and two records made in the same millisecond (a quick
 * second save, a project imported with its models) must still list in the order they were made;
 * a random id as the tie-break would shuffle them.
 */
export function creationTime(): number {
  last = Math.max(last + 1, Date.now());
  return last;
}

/** Records in the order they were made (`creationTime`); the id breaks a tie between records of older versions. */
export function oldestFirst<T extends { createdAt: number; id: string }>(records: T[]): T[] {
  return records.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

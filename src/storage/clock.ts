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

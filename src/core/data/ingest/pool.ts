/**
 * Sharing one object among equal cells. Real columns repeat themselves (categories, days), and a
 * string costs tens of bytes and a Date over a hundred, once per cell; sharing makes a repeated
 * value cost one pointer. Cells are therefore read-only: never mutate a Date from a ParsedTable.
 * A column with more distinct values than the pool holds stops pooling (looking up values that
 * never repeat would only cost time).
 */
export class Pool<K, V> {
  private map: Map<K, V> | null = new Map();
  private readonly capacity: number;

  constructor(capacity = 4096) {
    this.capacity = capacity;
  }

  get(key: K): V | undefined {
    return this.map === null ? undefined : this.map.get(key);
  }

  /** Remembers `value` for `key` while there is room, and returns it. */
  add(key: K, value: V): V {
    if (this.map !== null) {
      if (this.map.size < this.capacity) this.map.set(key, value);
      else this.map = null;
    }
    return value;
  }
}

/**
 * Records by key, as a document keeps its people and conversations. A version never changes once made,
 * since reads may still hold it while a write makes the next, yet the next one shares most of it: a
 * version is a large map that versions share plus the records put since that map was made. A put copies
 * those recent records only, and once they outnumber the square root of the map's size, it folds them
 * into a new map. So putting one person among 20,000 copies about 200 records on average (the recent
 * ones, and its share of a fold), where a copy of the whole was 20,000.
 *
 * Serializes (toJSON) as the plain object the lowdb file holds, keys in the order they were first put.
 */
export class RecordMap<T extends object> {
  readonly #shared: ReadonlyMap<string, T>;
  readonly #recent: ReadonlyMap<string, T>;

  private constructor(shared: ReadonlyMap<string, T>, recent: ReadonlyMap<string, T>) {
    this.#shared = shared;
    this.#recent = recent;
  }

  static of<T extends object>(entries: Iterable<readonly [string, T]>): RecordMap<T> {
    return new RecordMap(new Map(entries), new Map());
  }

  /** Any key, "constructor" or "__proto__" included, finds only a record put under it. */
  get(key: string): T | undefined {
    return this.#recent.get(key) ?? this.#shared.get(key);
  }

  /** A new version with these records put, later ones winning; this one is left as it was. */
  with(entries: Iterable<readonly [string, T]>): RecordMap<T> {
    const recent = new Map(this.#recent);
    for (const [key, record] of entries) recent.set(key, record);
    if (recent.size ** 2 <= this.#shared.size) return new RecordMap(this.#shared, recent);
    const shared = new Map(this.#shared);
    for (const [key, record] of recent) shared.set(key, record);
    return new RecordMap(shared, new Map());
  }

  *entries(): IterableIterator<[string, T]> {
    for (const [key, record] of this.#shared) yield [key, this.#recent.get(key) ?? record];
    for (const entry of this.#recent) if (!this.#shared.has(entry[0])) yield entry;
  }

  toJSON(): Record<string, T> {
    // Defines each key as the object's own, "__proto__" too (assigning it would set the prototype).
    return Object.fromEntries(this.entries());
  }
}

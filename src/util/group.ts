/** Lists kept in a map by key: the one way casaudit groups things. */

/** Appends `value` to the list under `key`, starting the list when there is none. */
export function pushTo<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/** The items by key, each list in the items' order; an item whose key is null is left out. */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K | null): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== null) pushTo(groups, key, item);
  }
  return groups;
}

// The loaders every module builds over its batch selectors: each batch runs the selector with the
// request's tenant scope and the keys DataLoader gathered, and answers a row, a list or a count per key.
import type DataLoader from 'dataloader';
import { byField, byId, byKey, type Scoped } from '../graphql/loader-kit.js';
import type { IdsArgs, TenantArgs } from './shared-args.js';

/** A batch selector: the rows (or the value per key) for these ids, under the request's scope. */
type Batch<R> = (args: TenantArgs & IdsArgs) => Promise<R>;

/** The loader builders of one request, each over a batch selector. */
export function batchLoaders(need: Scoped) {
  const keyed =
    <R>(fetch: Batch<R>) =>
    (ids: readonly string[]): Promise<R> =>
      fetch({ ...need(), ids });
  return {
    /** The row with each id, or null where the scoped batch left it out. */
    rowById: <T extends { id: string }>(fetch: Batch<T[]>): DataLoader<string, T | null> => byId(keyed(fetch)),
    /** The row whose `keyOf` is each key, or null. */
    rowBy: <T>(fetch: Batch<T[]>, keyOf: (row: T) => string): DataLoader<string, T | null> => byField(keyed(fetch), keyOf),
    /** The list under each key, empty where there is none. */
    listBy: <V>(fetch: Batch<Map<string, V[]>>): DataLoader<string, V[]> => byKey(keyed(fetch), () => []),
    /** The count for each key, 0 where there is none. */
    countBy: (fetch: Batch<Map<string, number>>): DataLoader<string, number> => byKey(keyed(fetch), () => 0),
  };
}

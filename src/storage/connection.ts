/**
 * A worker's connection to the store, opened on its first use. A schema upgrade from another tab
 * closes the connection (see `openStudioDB`); the next call then opens a new one, so a worker
 * never keeps answering from a handle that can only fail.
 */
import { openStudioDB, type OpenStudioOptions, type StudioDB } from './db';

export function lazyStudioDB(options: OpenStudioOptions = {}): () => Promise<StudioDB> {
  let opening: Promise<StudioDB> | null = null;
  return () => {
    opening ??= openStudioDB({
      ...options,
      onVersionChange: () => {
        opening = null;
        options.onVersionChange?.();
      },
    });
    return opening;
  };
}

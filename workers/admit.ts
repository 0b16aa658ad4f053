/**
 * The workers' check of a file before its body is read (see src/core/data/capacity.ts): an alert
 * now instead of a crashed tab, or a failed save, minutes later. `ingestFile` calls it with the
 * format the content tells, so a Parquet file named .csv expands like Parquet.
 */
import { IngestError } from '../src/core/data/columns';
import { capacityProblem, memoryBudget, storageProblem } from '../src/core/data/capacity';
import type { Format } from '../src/core/data/ingest/sniff';
import { browserStorage, estimateSpace } from '../src/storage/space';

/** For `IngestOptions.admit`; `stored`: the table will also be saved, so the storage left counts too. */
export function admit(fileName: string, { stored }: { stored: boolean }) {
  return async (format: Format, bytes: number): Promise<void> => {
    const deviceMemory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
    const problem =
      capacityProblem(fileName, bytes, format, memoryBudget(deviceMemory)) ??
      (stored ? storageProblem(fileName, bytes, format, await estimateSpace(browserStorage())) : null);
    if (problem !== null) throw new IngestError(problem);
  };
}

/** Dedupe: concerns the set of training rows, not one served row. */
import { rowSetLowering } from './row-set';

export const dedupeLowering = rowSetLowering('dedupe', 'Skipped by design: it removes repeated rows from the training data, which concerns the set of rows, not one row.');

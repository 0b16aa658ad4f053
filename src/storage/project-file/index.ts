/**
 * Project files: one file that holds a whole project — its datasets (the stored Arrow IPC
 * chunks, byte for byte), each dataset's recipe, rules and split, the trained models with their
 * acceptance and monitoring history and, when asked for, the inference log. A teacher exports a
 * prepared project and the class imports it; importing restores it exactly, under new ids.
 *
 * One module per concern: `format.ts` (the layout, its versions and limits, the record shapes),
 * `checksum.ts`, `tagged-json.ts` (values JSON cannot carry), `manifest.ts` (checking the records),
 * `read.ts`, `write.ts` (and exporting a stored project), `import.ts`.
 */
export {
  MAX_MANIFEST_BYTES,
  MAX_PROJECT_FILE_BYTES,
  PROJECT_FILE_EXTENSION,
  PROJECT_FILE_MAGIC,
  PROJECT_FILE_TYPE,
  PROJECT_FILE_VERSION,
  type ExportProjectOptions,
  type ProjectFileContents,
  type ProjectFileDataset,
} from './format';
export { sha256Portable } from './checksum';
export { readProjectFile } from './read';
export { exportProjectFile, writeProjectFile } from './write';
export { importProjectFile } from './import';

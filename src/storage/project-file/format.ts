/**
 * The project file format: one file that holds a whole project — its datasets (the stored Arrow IPC
 * chunks, byte for byte), each dataset's recipe, rules and split, the trained models with their
 * acceptance and monitoring history and, when asked for, the inference log. A teacher exports a
 * prepared project and the class imports it; importing restores it exactly, under new ids.
 *
 * ## Format (version 1)
 *
 * All integers little-endian. Offsets in bytes from the start of the file.
 *
 * | offset      | size | content                                                              |
 * | ----------- | ---- | -------------------------------------------------------------------- |
 * | 0           | 8    | magic: the ASCII bytes `MLSTUDIO`                                    |
 * | 8           | 4    | format version, uint32 (this code writes {@link PROJECT_FILE_VERSION}) |
 * | 12          | 4    | M: byte length of the manifest, uint32                               |
 * | 16          | 8    | D: byte length of the data area, uint64                              |
 * | 24          | M    | manifest: UTF-8 JSON (below)                                         |
 * | 24 + M      | D    | data area: the binary sections the manifest points into              |
 * | 24 + M + D  | 32   | SHA-256 of bytes 0 … 24 + M + D − 1 (everything before it)           |
 *
 * A file is exactly 24 + M + D + 32 bytes long. The manifest is one JSON object:
 * `{ format: 'ml-studio-project', schemaVersion, exportedAt, project, datasets: [{ record,
 * chunks }], pipelines, models, log }` — the stores' records as they are, `log` null when the
 * inference log was left out (its records carry no `id`: ids are given anew on import, in the
 * file's order). `schemaVersion` is the database version of the studio that wrote it.
 *
 * JSON alone would lose what the records hold, so values that JSON cannot carry are written as
 * objects with exactly one key that starts with `$`:
 * - `{ "$bin": [type, offset, byteLength] }` — a typed array (`Float32Array`, `Uint8Array`, …;
 *   dataset chunks are `Uint8Array`s too) whose bytes lie at `offset` in the data area;
 * - `{ "$num": "NaN" | "Infinity" | "-Infinity" | "-0" }` — numbers JSON has no form for;
 * - `{ "$undefined": true }` — a property or array item that is `undefined` (kept, not dropped);
 * - `{ "$date": ms }` — a Date;
 * - `{ "$obj": { … } }` — a plain object with a key that starts with `$` (a column named
 *   `$price`), so no user key is ever read as one of these tags.
 * Every other JSON value stands for itself.
 *
 * Versions: the format version goes up whenever the container or the meaning of the manifest
 * changes; a studio refuses a newer one (it cannot know the layout). A file whose records come
 * from a newer database version (`schemaVersion` above this studio's `DB_VERSION`) is refused the
 * same way, since its records may carry fields this studio would lose or misread.
 *
 * ## Limits and checks
 *
 * Project files are at most {@link MAX_PROJECT_FILE_BYTES} (2 GiB, "2 GB" to a person) and the
 * manifest at most {@link MAX_MANIFEST_BYTES}; the inference log at most `LOG_RETENTION`
 * records. Reading checks, in this order, and refuses with a StorageError (reason 'invalid')
 * whose message says why in plain words: the size; the magic (a foreign file); the version (a
 * file of a newer studio); the length (a truncated file, or one with bytes added); the checksum
 * (a changed or damaged file); then the manifest: that it parses and that every record has the
 * fields its store needs, ids are unique, every record belongs to the project, and each
 * dataset's chunks match its chunk count and byte length. Import writes nothing until all of
 * that has passed, and then writes everything in one transaction.
 *
 * WebCrypto hashes one buffer at once, so writing and reading hold the whole file in memory (and
 * reading briefly a second copy of the rows): the 2 GiB cap keeps that within what a tab can hold.
 */
import type { DatasetRecord, InferenceRecord, ModelRecord, PipelineRecord, ProjectRecord } from '../schema';

/** The first eight bytes of every project file. */
export const PROJECT_FILE_MAGIC = 'MLSTUDIO';
/** The format version this code writes, and the newest it reads. */
export const PROJECT_FILE_VERSION = 1;
/** The file name ending the studio gives exported projects. */
export const PROJECT_FILE_EXTENSION = '.mlstudio';
/** The media type of the exported Blob. */
export const PROJECT_FILE_TYPE = 'application/x-ml-studio-project';
/** Largest project file the studio writes or reads: 2 GiB. */
export const MAX_PROJECT_FILE_BYTES = 2 * 1024 ** 3;
/** Largest manifest (the JSON part), well below what a browser's JSON.parse copes with. */
export const MAX_MANIFEST_BYTES = 256 * 1024 ** 2;

/** What the manifest's `format` field says. */
export const MANIFEST_FORMAT = 'ml-studio-project';
/** Magic, version, manifest length and data length. */
export const HEADER_BYTES = 24;
/** The SHA-256 at the end of the file. */
export const CHECKSUM_BYTES = 32;
export const MAGIC_BYTES = Uint8Array.from(PROJECT_FILE_MAGIC, (c) => c.charCodeAt(0));

export interface ExportProjectOptions {
  /** Include the project's inference log (it can be large, and holds the inputs people sent). */
  includeLog: boolean;
}

export interface ProjectFileDataset {
  record: DatasetRecord;
  /** The Arrow IPC chunks, in index order, each with its own buffer. */
  chunks: Uint8Array[];
}

/** A checked project file, ready to import. Ids are still those of the studio that exported it. */
export interface ProjectFileContents {
  formatVersion: number;
  /** Database version of the studio that wrote it. */
  schemaVersion: number;
  exportedAt: number;
  project: ProjectRecord;
  datasets: ProjectFileDataset[];
  pipelines: PipelineRecord[];
  models: ModelRecord[];
  /** In the order the records were written, without their ids; null when the log was left out. */
  log: InferenceRecord[] | null;
  /** Size of the file it was read from. */
  byteLength: number;
}

/** What the file's JSON part holds: the contents as read back, less what the reader measures. */
export type Manifest = Omit<ProjectFileContents, 'formatVersion' | 'byteLength'> & { format: typeof MANIFEST_FORMAT };

/**
 * Project files: one file that holds a whole project — its datasets (the stored Arrow IPC
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
import type { IDBPDatabase } from 'idb';
import { formatBytes } from '../core/format';
import { allChunksOf } from './datasets';
import { notEnoughSpace, StorageError } from './errors';
import { newId } from './ids';
import { LOG_RETENTION, addLogBatches, rowsInOrderWritten } from './inference-log';
import { batchesFromRecords } from './log-batch';
import { DB_VERSION } from './migrations';
import type { DatasetRecord, InferenceRecord, ModelRecord, PipelineRecord, ProjectRecord, StudioSchema } from './schema';
import { estimateSpace, type StorageAccess } from './space';
import { inTransaction } from './transaction';

type DB = IDBPDatabase<StudioSchema>;

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

const MANIFEST_FORMAT = 'ml-studio-project';
const HEADER_BYTES = 24;
const CHECKSUM_BYTES = 32;
const MAGIC_BYTES = Uint8Array.from(PROJECT_FILE_MAGIC, (c) => c.charCodeAt(0));
/** Deeper nesting than any record has; a file nested deeper is refused rather than overflow the stack. */
const MAX_DEPTH = 64;

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

// ---------------------------------------------------------------- messages

function refused(message: string): StorageError {
  return new StorageError(message, 'invalid');
}

const USE_EXPORT = 'Choose a file made with "Export project" in ML Studio (to load data, use the Data step).';

function notAProjectFile(why: string): StorageError {
  return refused(`This is not an ML Studio project file (${why}). ${USE_EXPORT}`);
}

function newerVersion(detail: string): StorageError {
  return refused(
    `This project file was made by a newer version of the studio; update the studio to open it (reload the page to get the newest version). ${detail}`,
  );
}

/** `1 byte`, `52,204 bytes`: exact, as a file manager's properties show them. */
function byteCount(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'byte' : 'bytes'}`;
}

function incomplete(has: number, needs: number | null): StorageError {
  const sizes = needs === null ? `it stops after ${byteCount(has)}, inside its header` : `it has ${has.toLocaleString('en-US')} of its ${byteCount(needs)}`;
  return refused(
    `The file is incomplete (it ends early): ${sizes}. It was probably cut off while downloading or copying. Copy the whole file again, or export the project again, then import that file.`,
  );
}

function damaged(why: string): StorageError {
  return refused(
    `The file was changed or damaged after it was exported (${why}), so it was not imported. Import the file as it was exported, or export the project again.`,
  );
}

function notValid(why: string): StorageError {
  return refused(`The project file is not valid, so it was not imported: ${why}. Export the project again with ML Studio and import that file.`);
}

function tooLarge(size: number): StorageError {
  return refused(
    `This project file is ${formatBytes(size)}; the studio imports project files of up to ${formatBytes(MAX_PROJECT_FILE_BYTES)}. Export the project without its inference log, or with fewer datasets.`,
  );
}

// ---------------------------------------------------------------- SHA-256

/**
 * SHA-256 of `bytes`. WebCrypto is only offered in secure contexts (https, localhost); a studio
 * served over plain http on a classroom network still gets the same digest from
 * {@link sha256Portable}.
 */
async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) return new Uint8Array(await subtle.digest('SHA-256', bytes));
  return sha256Portable(bytes);
}

const K = Uint32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** SHA-256 in plain TypeScript (FIPS 180-4), for where WebCrypto is missing. */
export function sha256Portable(bytes: Uint8Array): Uint8Array {
  const h = Uint32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const block = (data: Uint8Array, at: number): void => {
    for (let i = 0; i < 16; i++, at += 4) w[i] = ((data[at] << 24) | (data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3]) >>> 0;
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15];
      const b = w[i - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  };
  const n = bytes.length;
  const whole = n - (n % 64);
  for (let at = 0; at < whole; at += 64) block(bytes, at);
  // The rest, the 0x80 marker and the bit length (64-bit big-endian) in one or two last blocks.
  const tail = new Uint8Array(n - whole + 9 <= 64 ? 64 : 128);
  tail.set(bytes.subarray(whole));
  tail[n - whole] = 0x80;
  const bits = new DataView(tail.buffer);
  bits.setUint32(tail.length - 8, Math.floor(n / 2 ** 29), false);
  bits.setUint32(tail.length - 4, (n * 8) >>> 0, false);
  for (let at = 0; at < tail.length; at += 64) block(tail, at);
  const out = new Uint8Array(32);
  const view = new DataView(out.buffer);
  h.forEach((word, i) => view.setUint32(i * 4, word, false));
  return out;
}

// ---------------------------------------------------------------- values ⇄ JSON with binary sections

const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;
type TypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

/** The file stores typed arrays little-endian; a big-endian machine turns their bytes around. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let at = 0; at < bytes.length; at += size) bytes.subarray(at, at + size).reverse();
}

/** The typed array's kind, by its tag (so arrays from another realm count too), or null. */
function typedArrayName(value: unknown): TypedArrayName | null {
  if (!ArrayBuffer.isView(value)) return null;
  const name = Object.prototype.toString.call(value).slice(8, -1);
  return Object.hasOwn(TYPED_ARRAYS, name) ? (name as TypedArrayName) : null;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Appends binary sections to the data area and says where each went. */
class DataArea {
  readonly parts: Uint8Array[] = [];
  length = 0;

  add(value: TypedArray): [number, number] {
    let bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (!LITTLE_ENDIAN && value.BYTES_PER_ELEMENT > 1) {
      bytes = bytes.slice();
      swapBytes(bytes, value.BYTES_PER_ELEMENT);
    }
    const at = this.length;
    this.parts.push(bytes);
    this.length += bytes.byteLength;
    return [at, bytes.byteLength];
  }
}

function encodeNumber(x: number): unknown {
  if (Number.isFinite(x) && !Object.is(x, -0)) return x;
  return { $num: Object.is(x, -0) ? '-0' : String(x) };
}

/** A value as JSON-safe data; typed arrays go to `data`. Throws for what a record never holds. */
function encodeValue(value: unknown, data: DataArea, path: string): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return encodeNumber(value);
    case 'undefined':
      return { $undefined: true };
    case 'object': {
      if (value === null) return null;
      const typed = typedArrayName(value);
      if (typed) return { $bin: [typed, ...data.add(value as TypedArray)] };
      if (value instanceof Date) return { $date: encodeNumber(value.getTime()) };
      if (Array.isArray(value)) {
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) out[i] = encodeValue(value[i], data, `${path}[${i}]`);
        return out;
      }
      if (isPlainObject(value)) {
        const out: Record<string, unknown> = {};
        let tagLike = false;
        for (const [key, item] of Object.entries(value)) {
          if (key.startsWith('$')) tagLike = true;
          defineEntry(out, key, encodeValue(item, data, child(path, key)));
        }
        return tagLike ? { $obj: out } : out;
      }
      break;
    }
  }
  throw new StorageError(
    `The project holds a value the studio cannot write to a file (at ${path}), so it was not exported. Please report this.`,
    'failed',
  );
}

/** `out[key] = value`, also for the key `__proto__` (a column may be called that). */
function defineEntry(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

const SPECIAL_NUMBERS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** The inverse of `encodeValue`; `data` is the file's data area. Throws `notValid` for anything malformed. */
function decodeValue(value: unknown, data: Uint8Array, path: string, depth: number): unknown {
  if (depth > MAX_DEPTH) throw notValid(`"${path.split(/[.[]/)[0]}" is nested too deeply`);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item, i) => decodeValue(item, data, `${path}[${i}]`, depth + 1));
  const entries = value as Record<string, unknown>;
  const keys = Object.keys(entries);
  if (keys.length === 1 && keys[0].startsWith('$')) return decodeTagged(keys[0], entries[keys[0]], data, path, depth);
  if (keys.some((key) => key.startsWith('$'))) throw notValid(`${path} mixes a "$" tag with other fields`);
  return decodeEntries(entries, data, path, depth);
}

function decodeEntries(entries: Record<string, unknown>, data: Uint8Array, path: string, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(entries)) defineEntry(out, key, decodeValue(entries[key], data, child(path, key), depth + 1));
  return out;
}

function decodeTagged(tag: string, body: unknown, data: Uint8Array, path: string, depth: number): unknown {
  switch (tag) {
    case '$num':
      if (typeof body === 'string' && Object.hasOwn(SPECIAL_NUMBERS, body)) return SPECIAL_NUMBERS[body];
      break;
    case '$undefined':
      if (body === true) return undefined;
      break;
    case '$date': {
      const time = decodeValue(body, data, path, depth + 1);
      if (typeof time === 'number') return new Date(time);
      break;
    }
    case '$obj':
      if (body !== null && typeof body === 'object' && !Array.isArray(body)) return decodeEntries(body as Record<string, unknown>, data, path, depth);
      break;
    case '$bin':
      return decodeTypedArray(body, data, path);
  }
  throw notValid(`${path} holds an unknown or malformed value (${tag})`);
}

function decodeTypedArray(body: unknown, data: Uint8Array, path: string): TypedArray {
  if (!Array.isArray(body) || body.length !== 3) throw notValid(`${path} is a malformed binary section`);
  const [name, at, length] = body as unknown[];
  if (typeof name !== 'string' || !Object.hasOwn(TYPED_ARRAYS, name)) throw notValid(`${path} is a binary section of an unknown type`);
  const Type = TYPED_ARRAYS[name as TypedArrayName];
  const inBounds =
    Number.isSafeInteger(at) && Number.isSafeInteger(length) && (at as number) >= 0 && (length as number) >= 0 && (at as number) + (length as number) <= data.length;
  if (!inBounds || (length as number) % Type.BYTES_PER_ELEMENT !== 0) throw notValid(`${path} points outside the file's data`);
  // A copy with its own buffer: IndexedDB stores a view's whole buffer, which here is the whole file.
  const bytes = data.slice(at as number, (at as number) + (length as number));
  if (!LITTLE_ENDIAN && Type.BYTES_PER_ELEMENT > 1) swapBytes(bytes, Type.BYTES_PER_ELEMENT);
  return name === 'Uint8Array' ? bytes : new Type(bytes.buffer);
}

// ---------------------------------------------------------------- writing

/** What the file's JSON part holds: the contents as read back, less what the reader measures. */
type Manifest = Omit<ProjectFileContents, 'formatVersion' | 'byteLength'> & { format: typeof MANIFEST_FORMAT };

/** Writes a project file (see the format above) from the records of one project. */
export async function writeProjectFile(contents: Omit<ProjectFileContents, 'formatVersion' | 'schemaVersion' | 'byteLength'>): Promise<Uint8Array<ArrayBuffer>> {
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    schemaVersion: DB_VERSION,
    exportedAt: contents.exportedAt,
    project: contents.project,
    datasets: contents.datasets.map(({ record, chunks }) => ({ record, chunks })),
    pipelines: contents.pipelines,
    models: contents.models,
    log: contents.log && contents.log.map(({ id: _id, ...record }) => record),
  };
  const data = new DataArea();
  const json = JSON.stringify(encodeValue(manifest, data, ''));
  const manifestBytes = new TextEncoder().encode(json);
  const total = HEADER_BYTES + manifestBytes.length + data.length + CHECKSUM_BYTES;
  if (manifestBytes.length > MAX_MANIFEST_BYTES || total > MAX_PROJECT_FILE_BYTES) {
    throw refused(
      `The project "${contents.project.name}" is too large for one project file (about ${formatBytes(Math.max(total, manifestBytes.length))}; the limit is ${formatBytes(MAX_PROJECT_FILE_BYTES)}${manifestBytes.length > MAX_MANIFEST_BYTES ? `, and ${formatBytes(MAX_MANIFEST_BYTES)} for everything but the datasets' rows` : ''}). Export it without the inference log, or delete datasets and models it no longer needs.`,
    );
  }
  const file = new Uint8Array(total);
  const header = new DataView(file.buffer);
  file.set(MAGIC_BYTES, 0);
  header.setUint32(8, PROJECT_FILE_VERSION, true);
  header.setUint32(12, manifestBytes.length, true);
  header.setUint32(16, data.length % 2 ** 32, true);
  header.setUint32(20, Math.floor(data.length / 2 ** 32), true);
  file.set(manifestBytes, HEADER_BYTES);
  let at = HEADER_BYTES + manifestBytes.length;
  for (const part of data.parts) {
    file.set(part, at);
    at += part.byteLength;
  }
  file.set(await sha256(file.subarray(0, at)), at);
  return file;
}

function projectGone(): StorageError {
  return new StorageError(
    'That project no longer exists (it may have been deleted in another tab), so it cannot be exported. Choose another project.',
    'not-found',
  );
}

/**
 * The whole project as one project file: its datasets with their chunks, pipelines, models and,
 * with `includeLog`, its inference log — all read in one readonly transaction, so the file is
 * one consistent moment of the project even while another tab writes.
 */
export async function exportProjectFile(db: DB, projectId: string, options: ExportProjectOptions): Promise<Blob> {
  const tx = db.transaction(['projects', 'datasets', 'chunks', 'pipelines', 'models', 'logBatches', 'logColumns'], 'readonly');
  const snapshot = await inTransaction(tx, 'exporting the project', async (track) => {
    const projectRequest = track(tx.objectStore('projects').get(projectId));
    const datasetsRequest = track(tx.objectStore('datasets').index('byProject').getAll(projectId));
    const pipelinesRequest = track(tx.objectStore('pipelines').index('byProject').getAll(projectId));
    const modelsRequest = track(tx.objectStore('models').index('byProject').getAll(projectId));
    const logRequest = options.includeLog ? rowsInOrderWritten({ batches: tx.objectStore('logBatches'), columns: tx.objectStore('logColumns') }, track, projectId) : Promise.resolve(null);
    const [project, datasetRecords, pipelines, models, log] = await Promise.all([projectRequest, datasetsRequest, pipelinesRequest, modelsRequest, logRequest]);
    if (!project) throw projectGone();
    datasetRecords.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    const chunkLists = await Promise.all(datasetRecords.map((d) => track(tx.objectStore('chunks').getAll(allChunksOf(d.id)))));
    const datasets = datasetRecords.map((record, i): ProjectFileDataset => {
      const chunks = chunkLists[i];
      if (chunks.length !== record.chunkCount || !chunks.every((chunk, index) => chunk.index === index)) {
        throw new StorageError(
          `The stored dataset "${record.name}" is incomplete (${chunks.length} of its ${record.chunkCount} parts are in this browser), so the project cannot be exported. Delete that dataset, or load its data again, then export.`,
          'incomplete',
        );
      }
      return { record, chunks: chunks.map((chunk) => chunk.bytes) };
    });
    const order = new Map(datasetRecords.map((d, i) => [d.id, i]));
    return {
      exportedAt: Date.now(),
      project,
      datasets,
      pipelines: pipelines.filter((p) => order.has(p.datasetId)).sort((a, b) => order.get(a.datasetId)! - order.get(b.datasetId)!),
      models: models.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)),
      log,
    };
  });
  return new Blob([await writeProjectFile(snapshot)], { type: PROJECT_FILE_TYPE });
}

// ---------------------------------------------------------------- reading

async function readBlob(blob: Blob): Promise<Uint8Array> {
  try {
    return new Uint8Array(await blob.arrayBuffer());
  } catch (error) {
    throw new StorageError(
      'The browser could not read the project file (it may have been moved or changed while it was being read). Choose the file again.',
      'invalid',
      { cause: error },
    );
  }
}

/**
 * Reads and checks a project file without touching the database: everything `importProjectFile`
 * needs, or a StorageError (reason 'invalid') that says in plain words why the file is refused.
 */
export async function readProjectFile(input: Uint8Array | Blob): Promise<ProjectFileContents> {
  const size = ArrayBuffer.isView(input) ? input.byteLength : input.size;
  if (size > MAX_PROJECT_FILE_BYTES) throw tooLarge(size);
  const file = ArrayBuffer.isView(input) ? input : await readBlob(input);
  if (file.length === 0) throw notAProjectFile('it is empty');
  for (let i = 0; i < Math.min(file.length, MAGIC_BYTES.length); i++) {
    if (file[i] !== MAGIC_BYTES[i]) throw notAProjectFile('it does not start the way project files do');
  }
  if (file.length < 12) throw incomplete(file.length, null);
  const header = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const version = header.getUint32(8, true);
  // The version comes before every other check: a newer format may lay out the rest differently.
  if (version > PROJECT_FILE_VERSION) {
    throw newerVersion(`The file has format version ${version}; this studio reads up to version ${PROJECT_FILE_VERSION}.`);
  }
  if (version < 1) throw damaged(`it names format version ${version}, which no studio writes`);
  if (file.length < HEADER_BYTES) throw incomplete(file.length, null);
  const manifestLength = header.getUint32(12, true);
  const dataLength = header.getUint32(16, true) + header.getUint32(20, true) * 2 ** 32;
  const expected = HEADER_BYTES + manifestLength + dataLength + CHECKSUM_BYTES;
  if (file.length < expected) throw incomplete(file.length, expected);
  if (file.length > expected) throw damaged(`it has ${byteCount(file.length - expected)} more than it should`);

  const body = file.length === file.buffer.byteLength ? (file as Uint8Array<ArrayBuffer>) : file.slice();
  const digest = await sha256(body.subarray(0, expected - CHECKSUM_BYTES));
  const stored = body.subarray(expected - CHECKSUM_BYTES);
  if (!digest.every((byte, i) => byte === stored[i])) throw damaged('its checksum does not match its contents');
  if (manifestLength > MAX_MANIFEST_BYTES) {
    throw refused(`This project file's description part is ${formatBytes(manifestLength)}; the studio reads up to ${formatBytes(MAX_MANIFEST_BYTES)}. Export the project without its inference log.`);
  }

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(HEADER_BYTES, HEADER_BYTES + manifestLength)));
  } catch (error) {
    throw new StorageError(notValid('its description part cannot be read').message, 'invalid', { cause: error });
  }
  let decoded: unknown;
  try {
    decoded = decodeValue(json, body.subarray(HEADER_BYTES + manifestLength, expected - CHECKSUM_BYTES), '', 0);
  } catch (error) {
    if (error instanceof StorageError) throw error;
    throw new StorageError(notValid('its contents cannot be read').message, 'invalid', { cause: error });
  }
  return { ...checkManifest(decoded), formatVersion: version, byteLength: file.length };
}

// ---------------------------------------------------------------- checking the manifest

type Fields = Record<string, unknown>;

/** What a field must be; a trailing `?` lets it be absent (or undefined). */
type FieldKind =
  | 'id' // a non-empty string
  | 'string'
  | 'number' // any number, NaN and ±Infinity too
  | 'count' // a whole number ≥ 0
  | 'integer'
  | 'boolean'
  | 'object'
  | 'object|null'
  | 'id|null'
  | 'array'
  | 'array|null'
  | 'strings'
  | 'f32'
  | 'u8'
  | 'any';

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value) && !(value instanceof Date);
}

function hasKind(value: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'id':
      return typeof value === 'string' && value.length > 0;
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 0;
    case 'integer':
      return Number.isSafeInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isObject(value);
    case 'object|null':
      return value === null || isObject(value);
    case 'id|null':
      return value === null || hasKind(value, 'id');
    case 'array':
      return Array.isArray(value);
    case 'array|null':
      return value === null || Array.isArray(value);
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'f32':
      return value instanceof Float32Array;
    case 'u8':
      return value instanceof Uint8Array;
    case 'any':
      return true;
  }
}

const KIND_WORDS: Record<FieldKind, string> = {
  id: 'an id',
  string: 'text',
  number: 'a number',
  count: 'a whole number of 0 or more',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a group of fields',
  'object|null': 'a group of fields or nothing',
  'id|null': 'an id or nothing',
  array: 'a list',
  'array|null': 'a list or nothing',
  strings: 'a list of texts',
  f32: 'a list of 32-bit numbers',
  u8: 'a list of bytes',
  any: 'anything',
};

/** Checks `value` is an object with these fields; `where` names it in the message ('model 2 ("MLP")'). */
function fields(value: unknown, where: string, spec: Record<string, `${FieldKind}` | `${FieldKind}?`>): Fields {
  if (!isObject(value)) throw notValid(`${where} is missing or not a group of fields`);
  for (const [key, want] of Object.entries(spec)) {
    const optional = want.endsWith('?');
    const kind = (optional ? want.slice(0, -1) : want) as FieldKind;
    const present = Object.hasOwn(value, key) && value[key] !== undefined;
    if (!present) {
      if (optional) continue;
      throw notValid(`${where} has no "${key}"`);
    }
    if (!hasKind(value[key], kind)) throw notValid(`the "${key}" of ${where} is not ${KIND_WORDS[kind]}`);
  }
  return value;
}

/** Runs `check` on each item of a list `fields` has already checked. */
function each(list: unknown, check: (item: unknown, i: number) => void): void {
  (list as unknown[]).forEach((item, i) => check(item, i));
}

function named(kind: string, i: number, record: unknown): string {
  const name = isObject(record) && typeof record.name === 'string' ? ` ("${record.name}")` : '';
  return `${kind} ${i + 1}${name}`;
}

function unique(ids: string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw notValid(`two ${what} have the same id`);
    seen.add(id);
  }
}

function checkProject(value: unknown): ProjectRecord {
  fields(value, 'the project', {
    id: 'id', name: 'string', createdAt: 'number', updatedAt: 'number', seed: 'integer', lastStep: 'string',
    activeDatasetId: 'id|null', selectedModelId: 'id|null?',
  });
  const project = value as unknown as ProjectRecord;
  if (!project.name.trim()) throw notValid('the project has no name');
  return project;
}

function checkDataset(value: unknown, i: number, projectId: string): ProjectFileDataset {
  const entry = fields(value, `dataset ${i + 1}`, { record: 'object', chunks: 'array' });
  const where = named('dataset', i, entry.record);
  const record = fields(entry.record, where, {
    id: 'id', projectId: 'id', name: 'string', source: 'object', rowCount: 'count', columns: 'array', warnings: 'array',
    description: 'string', createdAt: 'number', chunkCount: 'count', chunkRows: 'count', byteLength: 'count', formatVersion: 'count',
  }) as unknown as DatasetRecord;
  if (record.projectId !== projectId) throw notValid(`${where} belongs to another project`);
  if (record.formatVersion !== 1) throw notValid(`${where} stores its rows in an unknown layout (${record.formatVersion})`);
  fields(record.source, `the source of ${where}`, { kind: 'string' });
  each(record.columns, (column, c) => fields(column, `column ${c + 1} of ${where}`, { name: 'string', type: 'string', missing: 'count' }));
  each(record.warnings, (warning, w) => fields(warning, `warning ${w + 1} of ${where}`, { code: 'string', message: 'string' }));
  const chunks = entry.chunks as unknown[];
  if (!chunks.every((chunk) => chunk instanceof Uint8Array)) throw notValid(`the rows of ${where} are not stored as bytes`);
  if (chunks.length !== record.chunkCount) throw notValid(`${where} should have ${record.chunkCount} parts but has ${chunks.length}`);
  const bytes = (chunks as Uint8Array[]).reduce((sum, chunk) => sum + chunk.byteLength, 0);
  if (bytes !== record.byteLength) throw notValid(`${where} should hold ${record.byteLength} bytes of rows but holds ${bytes}`);
  return { record, chunks: chunks as Uint8Array[] };
}

function checkPipeline(value: unknown, i: number, projectId: string, datasetIds: Set<string>): PipelineRecord {
  const where = `the recipe of dataset ${i + 1}`;
  const pipeline = fields(value, where, { datasetId: 'id', projectId: 'id', recipe: 'array', rules: 'array', split: 'object|null', updatedAt: 'number' });
  if (pipeline.projectId !== projectId) throw notValid(`${where} belongs to another project`);
  if (!datasetIds.has(pipeline.datasetId as string)) throw notValid(`${where} belongs to a dataset that is not in the file`);
  each(pipeline.recipe, (step, s) => {
    const checked = fields(step, `step ${s + 1} of ${where}`, { kind: 'string' });
    if (checked.kind === 'append' || checked.kind === 'join') fields(step, `step ${s + 1} of ${where}`, { datasetId: 'id', datasetName: 'string' });
  });
  each(pipeline.rules, (rule, r) => fields(rule, `rule ${r + 1} of ${where}`, { id: 'string', column: 'string', kind: 'string' }));
  if (pipeline.split !== null) {
    fields(pipeline.split, `the split of ${where}`, { spec: 'object', atStep: 'count', counts: 'object', byRowId: 'u8', createdAt: 'number' });
  }
  return pipeline as unknown as PipelineRecord;
}

function checkModel(value: unknown, i: number, projectId: string): ModelRecord {
  const where = named('model', i, value);
  const model = fields(value, where, {
    id: 'id', projectId: 'id', datasetId: 'id', name: 'string', createdAt: 'number', formatVersion: 'count',
    settings: 'object', features: 'strings', preprocessor: 'object', target: 'object', parameters: 'object', curve: 'array',
    bestEpoch: 'number', stoppedEarly: 'boolean', cancelled: 'boolean', backend: 'string', durationMs: 'number',
    trainedOn: 'object', validation: 'object', acceptance: 'array', reference: 'object?', monitoring: 'array?',
  });
  if (model.projectId !== projectId) throw notValid(`${where} belongs to another project`);
  if (model.formatVersion !== 1) throw notValid(`${where} is stored in an unknown format (${String(model.formatVersion)})`);
  fields(model.settings, `the settings of ${where}`, { kind: 'string' });
  fields(model.preprocessor, `the preprocessing of ${where}`, { features: 'array', width: 'count', columnNames: 'strings' });
  fields(model.target, `the target of ${where}`, { task: 'string', column: 'string', classes: 'strings' });
  const parameters = fields(model.parameters, `the parameters of ${where}`, { kind: 'string', task: 'string', layers: 'array', outputScale: 'object|null' });
  each(parameters.layers, (layer, l) => {
    const at = `layer ${l + 1} of ${where}`;
    const checked = fields(layer, at, { inputs: 'count', outputs: 'count', weights: 'f32', bias: 'f32', activation: 'string' });
    const { inputs, outputs, weights, bias } = checked as { inputs: number; outputs: number; weights: Float32Array; bias: Float32Array };
    if (weights.length !== inputs * outputs || bias.length !== outputs) throw notValid(`the weights of ${at} do not fit its size`);
  });
  fields(model.trainedOn, `the training data of ${where}`, { recipeSteps: 'count', splitCreatedAt: 'number', trainRows: 'count', validationRows: 'count' });
  fields(model.validation, `the validation results of ${where}`, { metrics: 'object', baseline: 'object', y: 'f32', output: 'f32', importance: 'array' });
  each(model.acceptance, (run, r) => fields(run, `acceptance test ${r + 1} of ${where}`, { at: 'number', criteria: 'array', metrics: 'object', passed: 'boolean', results: 'array', testRows: 'count' }));
  if (model.reference !== undefined) {
    const reference = fields(model.reference, `the monitoring reference of ${where}`, { version: 'number', rows: 'count', features: 'array', predictions: 'object|null', task: 'string', classes: 'strings' });
    const features = [...(reference.features as unknown[]), ...(reference.predictions ? [reference.predictions] : [])];
    features.forEach((feature, f) => {
      const at = `reference feature ${f + 1} of ${where}`;
      const checked = fields(feature, at, { feature: 'string', kind: 'string', shares: 'array', missingShare: 'number', rows: 'count' });
      if (checked.kind === 'numeric') fields(feature, at, { edges: 'array', sample: 'f32' });
    });
  }
  if (model.monitoring !== undefined) {
    each(model.monitoring, (run, r) => fields(run, `monitoring check ${r + 1} of ${where}`, { at: 'number', label: 'string', rows: 'count', maxPsi: 'number', drifted: 'count', retrain: 'boolean', reasons: 'strings' }));
  }
  return model as unknown as ModelRecord;
}

function checkLogRecord(value: unknown, i: number, projectId: string): InferenceRecord {
  const where = `inference log record ${i + 1}`;
  const record = fields(value, where, {
    projectId: 'id', modelId: 'id', modelName: 'string', requestId: 'string', time: 'number', inputs: 'object',
    prediction: 'any', probabilities: 'array|null', latencyMs: 'number', flags: 'strings',
  });
  if (record.projectId !== projectId) throw notValid(`${where} belongs to another project`);
  if (Object.hasOwn(record, 'id')) throw notValid(`${where} carries an id`);
  const prediction = record.prediction;
  if (prediction !== null && typeof prediction !== 'string' && typeof prediction !== 'number') throw notValid(`the prediction of ${where} is not a value`);
  return record as unknown as InferenceRecord;
}

function checkManifest(value: unknown): Omit<ProjectFileContents, 'formatVersion' | 'byteLength'> {
  const manifest = fields(value, 'the file', {
    format: 'string', schemaVersion: 'count', exportedAt: 'number', project: 'object', datasets: 'array', pipelines: 'array', models: 'array', log: 'array|null',
  });
  if (manifest.format !== MANIFEST_FORMAT) throw notValid(`it describes "${String(manifest.format)}", not a project`);
  // Records of a newer database version may need fields this studio does not know of.
  if ((manifest.schemaVersion as number) > DB_VERSION) {
    throw newerVersion(`Its records are of storage version ${String(manifest.schemaVersion)}; this studio stores version ${DB_VERSION}.`);
  }
  const project = checkProject(manifest.project);
  const datasets = (manifest.datasets as unknown[]).map((d, i) => checkDataset(d, i, project.id));
  const datasetIds = datasets.map((d) => d.record.id);
  unique(datasetIds, 'datasets');
  const pipelines = (manifest.pipelines as unknown[]).map((p, i) => checkPipeline(p, i, project.id, new Set(datasetIds)));
  unique(pipelines.map((p) => p.datasetId), 'recipes');
  const models = (manifest.models as unknown[]).map((m, i) => checkModel(m, i, project.id));
  unique(models.map((m) => m.id), 'models');
  let log: InferenceRecord[] | null = null;
  if (manifest.log !== null) {
    const records = manifest.log as unknown[];
    if (records.length > LOG_RETENTION) throw notValid(`its inference log has ${records.length} records, more than the ${LOG_RETENTION} a project keeps`);
    log = records.map((r, i) => checkLogRecord(r, i, project.id));
  }
  return { schemaVersion: manifest.schemaVersion as number, exportedAt: manifest.exportedAt as number, project, datasets, pipelines, models, log };
}

// ---------------------------------------------------------------- importing

/** IndexedDB stores a view's whole buffer: views are copied so each chunk stores only its own bytes. */
function ownBytes(chunk: Uint8Array): Uint8Array {
  return chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength ? chunk : chunk.slice();
}

/** `name`, or `name (imported)`, `name (imported 2)` … — the first no project has yet. */
function freeName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${name} (imported)` : `${name} (imported ${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Stores a checked project file as a new project, under new ids, in one transaction across
 * every store: all of it, or — on any failure, a full disk included — nothing.
 *
 * Every reference is carried over to the new ids: datasets, recipes (append and join steps),
 * models and log records point into the new project only. A reference the file itself left
 * dangling (a model of a dataset deleted before the export) gets a fresh id that matches
 * nothing, so it never points into another project; the project's active dataset and selected
 * model become null in that case. Times, names of datasets and models, and every value are kept
 * as they are; the project's name gets " (imported)" when a project of that name exists.
 */
export async function importProjectFile(db: DB, contents: ProjectFileContents, storage: StorageAccess | null = null): Promise<ProjectRecord> {
  const source = contents.project;
  const what = `the project "${source.name}"`;
  const needed = contents.byteLength;
  const space = await estimateSpace(storage);
  if (space && space.usage + needed > space.quota) throw notEnoughSpace(what, needed, space.quota - space.usage);

  const projectId = newId();
  const datasetIds = new Map(contents.datasets.map((d) => [d.record.id, newId()]));
  const modelIds = new Map(contents.models.map((m) => [m.id, newId()]));
  const remap = (ids: Map<string, string>, id: string): string => {
    let mapped = ids.get(id);
    if (mapped === undefined) {
      mapped = newId();
      ids.set(id, mapped);
    }
    return mapped;
  };
  const pointer = (ids: Map<string, string>, id: string | null | undefined): string | null | undefined =>
    id === null || id === undefined ? id : (ids.get(id) ?? null);

  const datasets = contents.datasets.map(({ record, chunks }) => ({
    record: { ...record, id: datasetIds.get(record.id)!, projectId },
    chunks: chunks.map(ownBytes),
  }));
  const pipelines = contents.pipelines.map(
    (pipeline): PipelineRecord => ({
      ...pipeline,
      datasetId: datasetIds.get(pipeline.datasetId)!,
      projectId,
      recipe: pipeline.recipe.map((step) => (step.kind === 'append' || step.kind === 'join' ? { ...step, datasetId: remap(datasetIds, step.datasetId) } : step)),
    }),
  );
  const models = contents.models.map((model): ModelRecord => ({ ...model, id: modelIds.get(model.id)!, projectId, datasetId: remap(datasetIds, model.datasetId) }));
  const log = (contents.log ?? []).map(({ id: _id, ...record }): InferenceRecord => ({ ...record, projectId, modelId: remap(modelIds, record.modelId) }));
  const project: ProjectRecord = { ...source, id: projectId, activeDatasetId: pointer(datasetIds, source.activeDatasetId) ?? null };
  if (Object.hasOwn(source, 'selectedModelId')) project.selectedModelId = pointer(modelIds, source.selectedModelId);

  const tx = db.transaction(['projects', 'datasets', 'chunks', 'pipelines', 'models', 'logBatches', 'logColumns'], 'readwrite');
  return inTransaction(tx, `importing ${what}`, async (track) => {
    const projects = await track(tx.objectStore('projects').getAll());
    project.name = freeName(source.name, new Set(projects.map((p) => p.name)));
    track(tx.objectStore('projects').add(project));
    for (const { record, chunks } of datasets) {
      track(tx.objectStore('datasets').add(record));
      chunks.forEach((bytes, index) => track(tx.objectStore('chunks').add({ datasetId: record.id, index, bytes })));
    }
    for (const pipeline of pipelines) track(tx.objectStore('pipelines').add(pipeline));
    for (const model of models) track(tx.objectStore('models').add(model));
    // In the file's order, so the new auto-increment ids keep the order the records were written in.
    addLogBatches({ batches: tx.objectStore('logBatches'), columns: tx.objectStore('logColumns') }, track, batchesFromRecords(log));
    return project;
  });
}

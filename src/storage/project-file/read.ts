/**
 * Reading a project file: the checks in the order the format module lists them (size, magic,
 * version, length, checksum, manifest), without touching the database.
 */
import { formatBytes } from '../../core/format';
import { StorageError } from '../errors';
import { sha256 } from './checksum';
import { CHECKSUM_BYTES, HEADER_BYTES, MAGIC_BYTES, MAX_MANIFEST_BYTES, MAX_PROJECT_FILE_BYTES, PROJECT_FILE_VERSION } from './format';
import type { ProjectFileContents } from './format';
import { checkManifest } from './manifest';
import { byteCount, damaged, incomplete, newerVersion, notAProjectFile, notValid, refused, tooLarge } from './messages';
import { decodeValue } from './tagged-json';

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

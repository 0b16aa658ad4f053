/**
 * Why a project file is refused, in plain words: each says what is wrong and what to do about it.
 * Every one is a StorageError with reason 'invalid'.
 */
import { formatBytes } from '../../core/format';
import { StorageError } from '../errors';
import { MAX_PROJECT_FILE_BYTES } from './format';

export function refused(message: string): StorageError {
  return new StorageError(message, 'invalid');
}

const USE_EXPORT = 'Choose a file made with "Export project" in ML Studio (to load data, use the Data step).';

export function notAProjectFile(why: string): StorageError {
  return refused(`This is not an ML Studio project file (${why}). ${USE_EXPORT}`);
}

export function newerVersion(detail: string): StorageError {
  return refused(
    `This project file was made by a newer version of the studio; update the studio to open it (reload the page to get the newest version). ${detail}`,
  );
}

/** `1 byte`, `52,204 bytes`: exact, as a file manager's properties show them. */
export function byteCount(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'byte' : 'bytes'}`;
}

export function incomplete(has: number, needs: number | null): StorageError {
  const sizes = needs === null ? `it stops after ${byteCount(has)}, inside its header` : `it has ${has.toLocaleString('en-US')} of its ${byteCount(needs)}`;
  return refused(
    `The file is incomplete (it ends early): ${sizes}. It was probably cut off while downloading or copying. Copy the whole file again, or export the project again, then import that file.`,
  );
}

export function damaged(why: string): StorageError {
  return refused(
    `The file was changed or damaged after it was exported (${why}), so it was not imported. Import the file as it was exported, or export the project again.`,
  );
}

export function notValid(why: string): StorageError {
  return refused(`The project file is not valid, so it was not imported: ${why}. Export the project again with ML Studio and import that file.`);
}

export function tooLarge(size: number): StorageError {
  return refused(
    `This project file is ${formatBytes(size)}; the studio imports project files of up to ${formatBytes(MAX_PROJECT_FILE_BYTES)}. Export the project without its inference log, or with fewer datasets.`,
  );
}

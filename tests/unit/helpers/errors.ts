/** Checks on what a call throws: the error's class and the words the person will read. */
import { expect } from 'vitest';
import { ModelError } from '$src/core/model/errors';
import { ExportError } from '$src/core/package/onnx/errors';

/** Runs `fn`, expects it to throw an instance of `kind` whose message matches `message`, and returns the error. */
export function expectError<E extends Error>(fn: () => unknown, kind: new (...args: never[]) => E, message: RegExp): E {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(kind);
  expect((thrown as Error).message).toMatch(message);
  return thrown as E;
}

/** `expectError` for the model's refusals, which the UI shows by their name `ModelError`. */
export function expectModelError(fn: () => unknown, message: RegExp): void {
  expect(expectError(fn, ModelError, message).name).toBe('ModelError');
}

/** `expectError` for the exporter's refusals, which the UI shows by their name `ExportError`. */
export function expectExportError(fn: () => unknown, message: RegExp): void {
  expect(expectError(fn, ExportError, message).name).toBe('ExportError');
}

/**
 * The one way a delimited file cannot be read at all because of its quotes: a quoted field that
 * never closes. Both readers (text and bytes) refuse it with the same words.
 */
import { IngestError } from '../columns';

/** A quoted field this long is an unbalanced quote swallowing the file, not a real cell. */
export const MAX_QUOTED_CHARS = 10_000_000;

/**
 * The refusal for a quoted field that starts on `line` and never closes: the file ends first,
 * or (`tooLong`) it runs past `MAX_QUOTED_CHARS`.
 */
export function unclosedQuoteError(fileName: string, line: number, tooLong: boolean): IngestError {
  const what = tooLong
    ? `a quoted field starts on line ${line} and is still open ${MAX_QUOTED_CHARS / 1_000_000} million characters later`
    : `a quoted field starts on line ${line} but never closes: the file ends before its closing quote (")`;
  return new IngestError(
    `"${fileName}" could not be read: ${what}. Check the quotes on line ${line}: a field that starts with a quote must end with one, and a quote inside a quoted field must be written twice ("").`,
    line,
  );
}

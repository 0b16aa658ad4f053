import { describe, expect, it } from 'vitest';
import { IngestError } from '$src/core/data/columns';
import { MAX_QUOTED_CHARS, unclosedQuoteError } from '$src/core/data/ingest/unclosed-quote';

describe('unclosedQuoteError', () => {
  it('says where the quoted field starts and how to fix it, with the line', () => {
    const error = unclosedQuoteError('people.csv', 7, false);
    expect(error).toBeInstanceOf(IngestError);
    expect(error.line).toBe(7);
    expect(error.message).toBe(
      '"people.csv" could not be read: a quoted field starts on line 7 but never closes: the file ends before its closing quote ("). Check the quotes on line 7: a field that starts with a quote must end with one, and a quote inside a quoted field must be written twice ("").',
    );
  });

  it('names the limit when the field runs on too long', () => {
    expect(MAX_QUOTED_CHARS).toBe(10_000_000);
    expect(unclosedQuoteError('big.csv', 2, true).message).toMatch(/^"big\.csv" could not be read: a quoted field starts on line 2 and is still open 10 million characters later\. Check the quotes on line 2/);
  });
});

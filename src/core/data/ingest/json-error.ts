/**
 * Where JSON text goes wrong, in words a person can act on. `JSON.parse` says so too, but its
 * messages differ between engines and versions (some give no position at all), and messages here
 * must be the same in every browser and in Node. So after `JSON.parse` fails, this small
 * validator walks the text again and finds the first error itself. It never builds values.
 */

export interface JsonProblem {
  /** Character offset of the problem. */
  offset: number;
  line: number;
  column: number;
  /** Plain words, e.g. 'a comma before "]" with nothing after it (a trailing comma)'. */
  reason: string;
  /** The text holds one complete JSON value followed by more text (as in JSON Lines). */
  extraContent: boolean;
}

/** 1-based line and column of `offset`, counting CRLF, LF and lone CR as line breaks. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function show(c: string): string {
  if (c === '\n' || c === '\r') return 'a line break';
  if (c === "'") return "a single quote (') — JSON needs double quotes";
  return JSON.stringify(c);
}

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'after';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The first syntax error in `text`, or null when it is valid JSON. */
export function findJsonProblem(text: string): JsonProblem | null {
  const n = text.length;
  const stack: number[] = []; // 123 '{' or 91 '['
  let pos = 0;
  let expect: Expect = 'value';
  /** The punctuation just consumed, for the words of a message. */
  let previous: ',' | ':' | null = null;

  const problem = (reason: string, at = pos, extraContent = false): JsonProblem => ({
    offset: at,
    ...lineAndColumn(text, at),
    reason,
    extraContent,
  });

  const scanString = (): JsonProblem | null => {
    const start = pos;
    pos++;
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 34) {
        pos++;
        return null;
      }
      if (c === 92) {
        const e = text[pos + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) return problem('a "\\u" escape without four hexadecimal digits');
          pos += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) pos += 2;
        else return problem(`an unknown escape "\\${e ?? ''}" in a string`);
        continue;
      }
      if (c < 0x20) {
        return problem(
          c === 10 || c === 13
            ? 'a line break inside a string (the string is probably missing its closing quote)'
            : 'a control character inside a string',
        );
      }
      pos++;
    }
    return problem('a string that is never closed (its closing quote is missing)', start);
  };

  for (;;) {
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else break;
    }
    if (pos >= n) {
      if (expect === 'after' && stack.length === 0) return null;
      return problem('the file ends before the JSON is complete (a closing bracket or brace is missing)', n);
    }
    const ch = text[pos];
    const before = previous;
    previous = null;
    switch (expect) {
      case 'value':
      case 'value-or-close': {
        if (ch === ']' && expect === 'value-or-close') {
          stack.pop();
          pos++;
          expect = 'after';
          break;
        }
        if ((ch === ']' || ch === '}') && stack.length > 0) {
          if (before === ',') return problem(`a comma before "${ch}" with nothing after it (a trailing comma)`);
          if (before === ':') return problem(`"${ch}" where a value should follow the colon`);
          return problem(`an unexpected "${ch}" where a value should be`);
        }
        if (ch === '{') {
          stack.push(123);
          pos++;
          expect = 'key-or-close';
        } else if (ch === '[') {
          stack.push(91);
          pos++;
          expect = 'value-or-close';
        } else if (ch === '"') {
          const p = scanString();
          if (p !== null) return p;
          expect = 'after';
        } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
          NUMBER.lastIndex = pos;
          const m = NUMBER.exec(text);
          if (m === null) return problem('a number that is not written the JSON way');
          pos += m[0].length;
          expect = 'after';
        } else if (text.startsWith('true', pos) || text.startsWith('null', pos)) {
          pos += 4;
          expect = 'after';
        } else if (text.startsWith('false', pos)) {
          pos += 5;
          expect = 'after';
        } else {
          return problem(`an unexpected ${show(ch)} where a value should be`);
        }
        break;
      }
      case 'key':
      case 'key-or-close': {
        if (ch === '}' && expect === 'key-or-close') {
          stack.pop();
          pos++;
          expect = 'after';
        } else if (ch === '}') {
          return problem('a comma before "}" with nothing after it (a trailing comma)');
        } else if (ch === '"') {
          const p = scanString();
          if (p !== null) return p;
          expect = 'colon';
        } else {
          return problem(`${show(ch)} where a property name in double quotes should be`);
        }
        break;
      }
      case 'colon':
        if (ch !== ':') return problem(`${show(ch)} where a colon (:) should follow the property name`);
        pos++;
        previous = ':';
        expect = 'value';
        break;
      case 'after': {
        if (stack.length === 0) {
          return problem('more text after the end of the JSON value', pos, true);
        }
        const open = stack[stack.length - 1];
        if (ch === ',') {
          pos++;
          previous = ',';
          expect = open === 123 ? 'key' : 'value';
        } else if ((ch === ']' && open === 91) || (ch === '}' && open === 123)) {
          stack.pop();
          pos++;
        } else {
          const close = open === 123 ? '}' : ']';
          return problem(`${show(ch)} where a comma or "${close}" should be (a comma may be missing)`);
        }
        break;
      }
    }
  }
}

/**
 * Which text encoding a file uses, whether it is text at all, and decoding it chunk by chunk.
 *
 * UTF-8 is decoded strictly (`fatal: true`): a file that is not valid UTF-8 is almost always an
 * older Windows export, so the caller restarts it as Windows-1252 and says so, rather than
 * showing replacement characters (�) in place of é or €.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface EncodingGuess {
  encoding: TextEncodingName;
  /** Length of the byte order mark in bytes (0 when there is none). */
  bom: number;
  /** For the file's description: "UTF-8 with BOM", "UTF-16 LE". */
  label: string;
}

/** Bytes looked at to decide whether a file is text. */
export const BINARY_SNIFF_BYTES = 8192;

export function sniffEncoding(head: Uint8Array): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3, label: 'UTF-8 with BOM' };
  if (head[0] === 0xff && head[1] === 0xfe && !(head[2] === 0 && head[3] === 0)) {
    return { encoding: 'utf-16le', bom: 2, label: 'UTF-16 LE' };
  }
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2, label: 'UTF-16 BE' };
  // UTF-16 without a BOM: mostly-ASCII text has a zero in every other byte.
  const pairs = Math.min(head.length, BINARY_SNIFF_BYTES) >> 1;
  if (pairs >= 2) {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < pairs; i++) {
      if (head[2 * i] === 0) evenZeros++;
      if (head[2 * i + 1] === 0) oddZeros++;
    }
    if (oddZeros > 0.4 * pairs && evenZeros < 0.02 * pairs) return { encoding: 'utf-16le', bom: 0, label: 'UTF-16 LE (no BOM)' };
    if (evenZeros > 0.4 * pairs && oddZeros < 0.02 * pairs) return { encoding: 'utf-16be', bom: 0, label: 'UTF-16 BE (no BOM)' };
  }
  return { encoding: 'utf-8', bom: 0, label: 'UTF-8' };
}

/**
 * True when the start of the file is not text: NUL bytes (outside UTF-16), or more than 10% of
 * the characters are control characters.
 */
export function looksBinary(head: Uint8Array, guess: EncodingGuess): boolean {
  const sample = head.subarray(0, BINARY_SNIFF_BYTES);
  if (guess.encoding === 'utf-8' && sample.includes(0)) return true;
  const text = decodeHead(sample, guess.encoding);
  if (text.length === 0) return false;
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Tab, line feed, form feed and carriage return are ordinary in text files.
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0xfffd) control++;
  }
  return control > 0.1 * text.length;
}

// Windows-1252 bytes 0x80–0x9F; the other bytes are their own code points. Decoded here rather
// than with TextDecoder because Node 20's 'windows-1252' decoder is really ISO-8859-1 (€ comes
// out as U+0080), and the result must be the same in every browser and in tests.
const CP1252_80_9F = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const piece = 8192;
  const codes = new Uint16Array(piece);
  for (let i = 0; i < bytes.length; i += piece) {
    const n = Math.min(piece, bytes.length - i);
    for (let k = 0; k < n; k++) {
      const b = bytes[i + k];
      codes[k] = b >= 0x80 && b < 0xa0 ? CP1252_80_9F[b - 0x80] : b;
    }
    parts.push(String.fromCharCode.apply(null, Array.from(codes.subarray(0, n))));
  }
  return parts.join('');
}

/** Decodes the start of a file for sniffing; never throws. */
export function decodeHead(head: Uint8Array, encoding: TextEncodingName): string {
  if (encoding === 'utf-8') {
    try {
      // stream: true so a character cut at the end of the sample is not an error.
      return new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    } catch {
      return decodeWindows1252(head);
    }
  }
  if (encoding === 'windows-1252') return decodeWindows1252(head);
  return new TextDecoder(encoding).decode(head, { stream: true });
}

/** Raised while decoding UTF-8 strictly; the caller restarts the file as Windows-1252. */
export class NotUtf8Error extends Error {
  /** Offset in the decoded byte range of the first byte that is not UTF-8 (best effort). */
  readonly byteOffset: number;
  constructor(byteOffset: number) {
    super('The file is not valid UTF-8.');
    this.name = 'NotUtf8Error';
    this.byteOffset = byteOffset;
  }
}

/**
 * Index of the first byte in `bytes` that does not belong to valid UTF-8, or `bytes.length`.
 * Continuation bytes at the very start are skipped: they finish a character begun in the
 * previous chunk.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < 3 && i < bytes.length && (bytes[i] & 0xc0) === 0x80) i++;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      // A character cut off by the end of the chunk is finished in the next one.
      if (c === undefined) return bytes.length;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}

/**
 * Decodes byte chunks into text chunks. A BOM is removed by the decoder (UTF-8, UTF-16) or must
 * be skipped by the caller (Windows-1252 fallback of a file that starts with a UTF-8 BOM).
 */
export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>, encoding: TextEncodingName): AsyncGenerator<string> {
  if (encoding === 'windows-1252') {
    for await (const chunk of chunks) if (chunk.byteLength > 0) yield decodeWindows1252(chunk);
    return;
  }
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  let offset = 0;
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new NotUtf8Error(offset + firstInvalidUtf8(chunk));
    }
    offset += chunk.byteLength;
    if (text.length > 0) yield text;
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch {
    throw new NotUtf8Error(offset);
  }
  if (tail.length > 0) yield tail;
}

/**
 * Passes UTF-8 bytes through unchanged, checking them on the way: throws `NotUtf8Error` at the
 * first byte that is not UTF-8, as `decodeChunks` does. A chunk of plain ASCII (the usual case)
 * is checked with a quick scan instead of the decoder.
 */
export async function* checkUtf8(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  // After a chunk that is not ASCII the decoder may hold the start of a character cut in two.
  let open = false;
  for await (const chunk of chunks) {
    const ascii = isAscii(chunk);
    if (open || !ascii) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        throw new NotUtf8Error(offset + firstInvalidUtf8(chunk));
      }
    }
    open = !ascii;
    offset += chunk.byteLength;
    yield chunk;
  }
  try {
    decoder.decode();
  } catch {
    throw new NotUtf8Error(offset);
  }
}

function isAscii(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let high = 0;
  let i = 0;
  // Four bytes at a time where the view is aligned for it.
  const lead = Math.min(n, (4 - (bytes.byteOffset & 3)) & 3);
  for (; i < lead; i++) high |= bytes[i];
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (n - i) >> 2);
  for (let w = 0; w < words.length; w++) high |= words[w];
  for (i += words.length * 4; i < n; i++) high |= bytes[i];
  return (high & 0x80808080) === 0;
}

/** Text chunks as UTF-8 bytes (for the byte-level parser when the file was in another encoding). */
export async function* encodeUtf8(chunks: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for await (const chunk of chunks) yield encoder.encode(chunk);
}

/** Counts line breaks (CRLF, LF or a lone CR) in `text[from, to)`; `prevCR` says whether the text before ended in CR. */
export function countLineBreaks(text: string, from = 0, to = text.length, prevCR = false): number {
  let lines = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (!(i === from ? prevCR : text.charCodeAt(i - 1) === 13)) lines++;
    } else if (c === 13) lines++;
  }
  return lines;
}

/**
 * Passes Windows-1252 chunks through unchanged and reports the line on which character `offset`
 * falls (one byte is one character in Windows-1252), for the "not UTF-8" warning.
 */
export async function* reportLineAt(
  chunks: AsyncIterable<string>,
  offset: number,
  onLine: (line: number) => void,
): AsyncGenerator<string> {
  let seen = 0;
  let line = 1;
  let prevCR = false;
  let reported = false;
  for await (const chunk of chunks) {
    if (!reported) {
      const end = Math.min(chunk.length, offset - seen);
      line += countLineBreaks(chunk, 0, end, prevCR);
      if (end > 0) prevCR = chunk.charCodeAt(end - 1) === 13;
      seen += chunk.length;
      if (seen >= offset) {
        reported = true;
        onLine(line);
      }
    }
    yield chunk;
  }
  if (!reported) onLine(line);
}

/**
 * Column names as the rest of the studio needs them: trimmed, never empty, never repeated.
 * Every change is reported, because a renamed column is something a person will look for.
 */
import type { IngestWarning } from '../columns';

export interface CleanNames {
  names: string[];
  warnings: IngestWarning[];
}

/**
 * @param raw names in file order
 * @param line the header's line number, for messages (omit when names do not come from a line)
 * @param origin where the names come from, for messages: "the header", "the file's keys"
 */
export function cleanNames(raw: readonly string[], line?: number, origin = 'the header'): CleanNames {
  const where = `${origin}${line === undefined ? '' : ` (line ${line})`}`;
  // A byte order mark can survive when files were concatenated or saved twice; it is invisible.
  const trimmed = raw.map((name) => name.replace(/\uFEFF/g, '').trim());
  const taken = new Set(trimmed.filter((name) => name !== ''));
  const used = new Set<string>();
  const names: string[] = [];
  const warnings: IngestWarning[] = [];

  /** `stem` itself (when `tryStem`) or `stem_2`, `stem_3` …: the first that no column has or will have. */
  const freeName = (stem: string, tryStem: boolean): string => {
    const free = (candidate: string) => !taken.has(candidate) && !used.has(candidate);
    if (tryStem && free(stem)) return stem;
    let k = 2;
    while (!free(`${stem}_${k}`)) k++;
    return `${stem}_${k}`;
  };
  const adopt = (name: string): void => {
    used.add(name);
    names.push(name);
  };

  trimmed.forEach((name, index) => {
    const position = index + 1;
    if (name !== '' && !used.has(name)) {
      adopt(name);
      return;
    }
    const candidate = name === '' ? freeName(`column_${position}`, true) : freeName(name, false);
    adopt(candidate);
    warnings.push({
      code: 'renamed-column',
      line,
      column: candidate,
      message:
        name === ''
          ? `Column ${position} has no name in ${where}; it was named "${candidate}". Rename it in the file if that name is not helpful.`
          : `The name "${name}" appears more than once in ${where}; column ${position} was named "${candidate}". Rename the columns in the file if they mean different things.`,
    });
  });
  return { names, warnings };
}

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

  trimmed.forEach((name, index) => {
    const position = index + 1;
    if (name === '') {
      let candidate = `column_${position}`;
      for (let k = 2; taken.has(candidate) || used.has(candidate); k++) candidate = `column_${position}_${k}`;
      used.add(candidate);
      names.push(candidate);
      warnings.push({
        code: 'renamed-column',
        line,
        column: candidate,
        message: `Column ${position} has no name in ${where}; it was named "${candidate}". Rename it in the file if that name is not helpful.`,
      });
      return;
    }
    if (!used.has(name)) {
      used.add(name);
      names.push(name);
      return;
    }
    let k = 2;
    while (taken.has(`${name}_${k}`) || used.has(`${name}_${k}`)) k++;
    const candidate = `${name}_${k}`;
    used.add(candidate);
    names.push(candidate);
    warnings.push({
      code: 'renamed-column',
      line,
      column: candidate,
      message: `The name "${name}" appears more than once in ${where}; column ${position} was named "${candidate}". Rename the columns in the file if they mean different things.`,
    });
  });
  return { names, warnings };
}

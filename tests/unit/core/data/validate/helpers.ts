import type { Rule } from '$src/core/data/validate/rules';

let next = 0;
export function rule(r: Omit<Rule, 'id'> & { id?: string }): Rule {
  return { id: r.id ?? `r${++next}`, ...r } as Rule;
}

export const date = (s: string) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s);

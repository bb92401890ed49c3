import type { CaseProblem, CaseWarning } from './schema.ts';

type Of<U extends { kind: string }, K extends U['kind']> = Extract<U, { kind: K }>;

/**
 * A typed problem or warning as plain data. It also gets a toString (not enumerable: JSON, structured
 * clones and deep equality never see it) that gives its message, so code that still prints one as text
 * (`${result.problems[0]}`, as cli/progress-lines.ts does) prints the same sentence as before it was typed.
 */
function typed<T extends { message: string }>(value: T): T {
  Object.defineProperty(value, 'toString', { value: () => value.message, enumerable: false });
  return value;
}

/** A problem of one kind, its data checked against that kind's. */
export function caseProblem<K extends CaseProblem['kind']>(kind: K, data: Of<CaseProblem, K>['data'], message: string): Of<CaseProblem, K> {
  return typed({ kind, data, message } as Of<CaseProblem, K>);
}

/** A warning of one kind, its data checked against that kind's. */
export function caseWarning<K extends CaseWarning['kind']>(kind: K, data: Of<CaseWarning, K>['data'], message: string): Of<CaseWarning, K> {
  return typed({ kind, data, message } as Of<CaseWarning, K>);
}

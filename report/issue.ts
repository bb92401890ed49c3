import type { CaseProblem, CaseWarning } from './schema.ts';

type Of<U extends { kind: string }, K extends U['kind']> = Extract<U, { kind: K }>;

/** A problem of one kind, its data checked against that kind's. */
export function caseProblem<K extends CaseProblem['kind']>(kind: K, data: Of<CaseProblem, K>['data'], message: string): Of<CaseProblem, K> {
  return { kind, data, message } as Of<CaseProblem, K>;
}

/** A warning of one kind, its data checked against that kind's. */
export function caseWarning<K extends CaseWarning['kind']>(kind: K, data: Of<CaseWarning, K>['data'], message: string): Of<CaseWarning, K> {
  return { kind, data, message } as Of<CaseWarning, K>;
}

import { uniformAt } from './seeded-random.ts';

// Faults the target injects, each with a probability per request, drawn from (seed, request index,
// attempt): the same run sees the same faults, and a retry of a request gets a fresh draw.

const FAULT_KINDS = ['http500', 'reset', 'hang', 'empty', 'malformed'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultSpec = Partial<Record<FaultKind, number>>;

export const FAULT_SPEC_HELP =
  'comma-separated KIND:P% with KIND one of http500 (an HTTP 500), reset (connection reset mid-response), ' +
  'hang (never answers), empty (closes without a response), malformed (broken JSON), e.g. http500:5%,reset:2%';

const ITEM = /^([a-z0-9]+):(\d+(?:\.\d+)?)%$/;

/** Parses a fault spec; throws an Error whose message says what is valid. */
export function parseFaultSpec(spec: string): FaultSpec {
  const faults: FaultSpec = {};
  const fail = (why: string): never => {
    throw new Error(`invalid fault spec "${spec}": ${why}; expected ${FAULT_SPEC_HELP}`);
  };
  for (const item of spec.split(',').map((part) => part.trim())) {
    const match = ITEM.exec(item);
    if (!match) return fail(`"${item}" is not KIND:P%`);
    const kind = match[1] as FaultKind;
    if (!FAULT_KINDS.includes(kind)) return fail(`unknown fault "${match[1]}"`);
    if (faults[kind] !== undefined) return fail(`"${kind}" is given twice`);
    faults[kind] = Number(match[2]) / 100;
  }
  const total = Object.values(faults).reduce((sum, p) => sum + p, 0);
  if (total > 1) fail(`the probabilities add up to ${Math.round(total * 100)}%, more than 100%`);
  return faults;
}

export function formatFaults(faults: FaultSpec): string {
  return FAULT_KINDS.filter((kind) => faults[kind]).map((kind) => `${kind}:${faults[kind]! * 100}%`).join(',');
}

/** The fault (if any) request `index` gets on attempt `attempt`. */
export function faultFor(faults: FaultSpec, seed: number, index: number, attempt: number): FaultKind | undefined {
  const draw = uniformAt(seed, index, 200 + attempt);
  let cumulative = 0;
  for (const kind of FAULT_KINDS) {
    cumulative += faults[kind] ?? 0;
    if (draw < cumulative) return kind;
  }
  return undefined;
}

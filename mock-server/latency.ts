// Latency models of the target. This issue supports the fixed model; the spec grammar is the one in
// DESIGN.md so later models slot in without changing any caller.

export type LatencyModel = { kind: 'fixed'; ms: number };

export const LATENCY_SPEC_HELP = 'a fixed latency in milliseconds such as 20 or 20ms (0 to 60000)';

const FIXED = /^(\d+(?:\.\d+)?)(ms)?$/;
const MAX_LATENCY_MS = 60_000;

/** Parses a latency spec; throws an Error whose message says what is valid. */
export function parseLatencySpec(spec: string): LatencyModel {
  const match = FIXED.exec(spec.trim());
  const ms = match ? Number(match[1]) : Number.NaN;
  if (!match || !(ms >= 0 && ms <= MAX_LATENCY_MS)) {
    throw new Error(`invalid latency "${spec}": expected ${LATENCY_SPEC_HELP}`);
  }
  return { kind: 'fixed', ms };
}

export function formatLatency(model: LatencyModel): string {
  return `${model.ms}ms`;
}

/** The latency the model assigns to the request with this index (its order of arrival for fixed). */
export function latencyFor(model: LatencyModel, _index: number): number {
  return model.ms;
}

import { normalAt, uniformAt } from './seeded-random.ts';

// Latency models of the target, in the spec grammar of DESIGN.md. Each request's latency is drawn from
// (seed, request index), so a spec and a seed fix the whole sequence.

export type LatencyModel =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'lognormal'; median: number; sigma: number; cap?: number }
  | { kind: 'choice'; values: number[] }
  | { kind: 'tail'; base: number; fraction: number; slow: number };

export const LATENCY_SPEC_HELP =
  '20 or 20ms (fixed), uniform:10-30, normal:20,5, lognormal:20,0.5[,max], choice:10|30|50, tail:20,5%@200';

const MAX_LATENCY_MS = 600_000;
const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const NUMBERS = String.raw`(\d+(?:\.\d+)?(?:\|\d+(?:\.\d+)?)*)`;
const GRAMMAR: Array<[RegExp, (groups: string[]) => LatencyModel]> = [
  [new RegExp(`^${NUMBER}(?:ms)?$`), ([ms]) => ({ kind: 'fixed', ms: Number(ms) })],
  [new RegExp(`^uniform:${NUMBER}-${NUMBER}$`), ([min, max]) => ({ kind: 'uniform', min: Number(min), max: Number(max) })],
  [new RegExp(`^normal:${NUMBER},${NUMBER}$`), ([mean, sd]) => ({ kind: 'normal', mean: Number(mean), sd: Number(sd) })],
  [
    new RegExp(`^lognormal:${NUMBER},${NUMBER}(?:,${NUMBER})?$`),
    ([median, sigma, cap]) => ({
      kind: 'lognormal',
      median: Number(median),
      sigma: Number(sigma),
      ...(cap === undefined ? {} : { cap: Number(cap) }),
    }),
  ],
  [new RegExp(`^choice:${NUMBERS}$`), ([list]) => ({ kind: 'choice', values: list!.split('|').map(Number) })],
  [
    new RegExp(`^tail:${NUMBER},${NUMBER}%@${NUMBER}$`),
    ([base, percent, slow]) => ({ kind: 'tail', base: Number(base), fraction: Number(percent) / 100, slow: Number(slow) }),
  ],
];

/** Parses a latency spec; throws an Error whose message says what is valid. */
export function parseLatencySpec(spec: string): LatencyModel {
  const text = spec.trim();
  const fail = (why: string): never => {
    throw new Error(`invalid latency "${spec}": ${why}; valid forms: ${LATENCY_SPEC_HELP}`);
  };
  let model: LatencyModel | undefined;
  for (const [pattern, build] of GRAMMAR) {
    const match = pattern.exec(text);
    if (match) {
      model = build(match.slice(1));
      break;
    }
  }
  if (!model) return fail('not a latency spec');
  const check = (ok: boolean, why: string) => (ok ? undefined : fail(why));
  switch (model.kind) {
    case 'uniform':
      check(model.min <= model.max, 'the minimum is above the maximum');
      break;
    case 'lognormal':
      check(model.median > 0, 'the median must be above 0');
      check(model.cap === undefined || model.cap >= model.median, 'the cap is below the median');
      break;
    case 'tail':
      check(model.fraction <= 1, 'the slow share is above 100%');
      break;
    default:
      break;
  }
  check(upperBound(model) <= MAX_LATENCY_MS, `latencies must stay at or below ${MAX_LATENCY_MS} ms`);
  return model;
}

/** The largest latency a model can draw (normal: mean + 6 sd; uncapped lognormal: its 1-in-10^9 value). */
function upperBound(model: LatencyModel): number {
  switch (model.kind) {
    case 'fixed':
      return model.ms;
    case 'uniform':
      return model.max;
    case 'normal':
      return model.mean + 6 * model.sd;
    case 'lognormal':
      return model.cap ?? model.median * Math.exp(6 * model.sigma);
    case 'choice':
      return Math.max(...model.values);
    case 'tail':
      return Math.max(model.base, model.slow);
  }
}

export function formatLatency(model: LatencyModel): string {
  switch (model.kind) {
    case 'fixed':
      return `${model.ms}ms`;
    case 'uniform':
      return `uniform:${model.min}-${model.max}`;
    case 'normal':
      return `normal:${model.mean},${model.sd}`;
    case 'lognormal':
      return `lognormal:${model.median},${model.sigma}${model.cap === undefined ? '' : `,${model.cap}`}`;
    case 'choice':
      return `choice:${model.values.join('|')}`;
    case 'tail':
      return `tail:${model.base},${model.fraction * 100}%@${model.slow}`;
  }
}

/** The latency, in milliseconds, of the request with this index under this seed. */
export function latencyFor(model: LatencyModel, seed: number, index: number): number {
  switch (model.kind) {
    case 'fixed':
      return model.ms;
    case 'uniform':
      return model.min + (model.max - model.min) * uniformAt(seed, index);
    case 'normal':
      return Math.max(0, model.mean + model.sd * normalAt(seed, index));
    case 'lognormal': {
      const drawn = model.median * Math.exp(model.sigma * normalAt(seed, index));
      return model.cap === undefined ? drawn : Math.min(drawn, model.cap);
    }
    case 'choice':
      return model.values[Math.floor(uniformAt(seed, index) * model.values.length)]!;
    case 'tail':
      return uniformAt(seed, index) < model.fraction ? model.slow : model.base;
  }
}

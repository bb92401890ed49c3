import type { CaseReport, Report } from './schema.ts';

// Absolute limits a CI job sets on a run's figures (`--assert "p99<50ms"`), beside the relative gate of
// compare: "[CASES:]METRIC OP VALUE", CASES a case id with * for any characters, all cases without it.

const OPERATORS = ['<=', '>=', '<', '>', '='] as const;
type Operator = (typeof OPERATORS)[number];

interface MetricDefinition {
  /** What the value means, for the help and the messages. */
  unit: string;
  /** The figure of a case. */
  of: (result: CaseReport) => number;
  /** The limit's text (without the metric and operator) as a number in the metric's unit. */
  read: (text: string) => number | undefined;
  show: (value: number) => string;
}

const plainNumber = (text: string) => (/^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined);

/** Milliseconds: a bare number, or one with ms, s or us. */
function readMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|us)?$/.exec(text);
  if (!match) return undefined;
  const scale = match[2] === 's' ? 1000 : match[2] === 'us' ? 0.001 : 1;
  return Number(match[1]) * scale;
}

const latency = (key: 'p50' | 'p90' | 'p99' | 'p999' | 'max' | 'mean'): MetricDefinition => ({
  unit: 'ms',
  of: (result) => result.latencyMs[key],
  read: readMs,
  show: (value) => `${Number(value.toFixed(3))} ms`,
});

export const ASSERT_METRICS: Record<string, MetricDefinition> = {
  p50: latency('p50'),
  p90: latency('p90'),
  p99: latency('p99'),
  p999: latency('p999'),
  max: latency('max'),
  mean: latency('mean'),
  makespan: { unit: 'ms', of: (result) => result.makespanMs.median, read: readMs, show: (value) => `${Number(value.toFixed(3))} ms` },
  throughput: {
    unit: 'req/s',
    of: (result) => result.throughput.median,
    read: (text) => plainNumber(text.replace(/(req)?\/s$/, '')),
    show: (value) => `${Math.round(value)} req/s`,
  },
  errors: { unit: 'failed requests', of: (result) => result.errors.total, read: plainNumber, show: (value) => `${value} failed` },
  efficiency: { unit: 'ideal / measured', of: (result) => result.efficiency, read: plainNumber, show: (value) => value.toFixed(3) },
};

export interface Assertion {
  /** As the user wrote it. */
  text: string;
  /** The cases it applies to; all of them when absent. */
  cases?: string;
  metric: string;
  operator: Operator;
  limit: number;
}

export const ASSERT_FORM = `[CASES:]METRIC OP VALUE, with METRIC one of ${Object.keys(ASSERT_METRICS).join(', ')} and OP one of ${OPERATORS.join(' ')} (e.g. "p99<50ms", "throughput>=2000", "errors=0", "limited-pool/*:p99<20ms")`;

/** Reads one assertion; a malformed one is an Error whose message says the form. */
export function parseAssertion(text: string): Assertion {
  const match = /^(?:([^:\s]+):)?\s*([a-z0-9]+)\s*(<=|>=|<|>|=)\s*(\S+)\s*$/.exec(text.trim());
  const definition = match ? ASSERT_METRICS[match[2]!] : undefined;
  if (!match || !definition) throw new Error(`--assert takes ${ASSERT_FORM}, got ${JSON.stringify(text)}`);
  const limit = definition.read(match[4]!);
  if (limit === undefined) throw new Error(`--assert ${JSON.stringify(text)}: ${JSON.stringify(match[4])} is not a limit for ${match[2]} (${definition.unit})`);
  return { text: text.trim(), ...(match[1] === undefined ? {} : { cases: match[1] }), metric: match[2]!, operator: match[3] as Operator, limit };
}

function holds(value: number, operator: Operator, limit: number): boolean {
  if (operator === '<') return value < limit;
  if (operator === '<=') return value <= limit;
  if (operator === '>') return value > limit;
  if (operator === '>=') return value >= limit;
  return value === limit;
}

const matcher = (pattern: string) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);

/**
 * Each assertion against each case it names: one line per case that breaks it, naming the case, the
 * figure and the limit. A case that is not ok breaks every assertion on it (its figures were not all
 * measured), and an assertion whose CASES match no case is broken too: nothing passes by accident.
 */
export function assertionFailures(report: Report, assertions: readonly Assertion[]): string[] {
  const failures: string[] = [];
  for (const assertion of assertions) {
    const cases = assertion.cases === undefined ? report.cases : report.cases.filter((result) => matcher(assertion.cases!).test(result.id));
    if (cases.length === 0) {
      failures.push(`${assertion.text}: no case matches ${JSON.stringify(assertion.cases ?? '*')}`);
      continue;
    }
    const definition = ASSERT_METRICS[assertion.metric]!;
    for (const result of cases) {
      if (result.state !== 'ok') {
        failures.push(`${assertion.text}: ${result.id} is ${result.state}, so its ${assertion.metric} was not measured`);
        continue;
      }
      const value = definition.of(result);
      if (!holds(value, assertion.operator, assertion.limit)) {
        failures.push(`${assertion.text}: ${result.id} has ${assertion.metric} ${definition.show(value)}, not ${assertion.operator} ${definition.show(assertion.limit)}`);
      }
    }
  }
  return failures;
}

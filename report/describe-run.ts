import type { Report } from './schema.ts';

// What a run was (suite, workload, target, machine), said once: the terminal table's header, the HTML
// report's heading and environment, the markdown export and every chart's footnote are all made from it,
// so a setting added to the report is described in one place and shows up in every output.

/** A titled group of facts: a definition list in HTML, a two-column table in markdown. */
export interface RunFacts {
  title: string;
  facts: Array<[term: string, value: string]>;
}

export interface RunDescription {
  /** "fanout: suite ci". */
  title: string;
  /** The run in one line after the title: requests, iterations, latency, payload, network, faults. */
  workload: string;
  /** The title and the workload, with "(PARTIAL: interrupted)" when the run was cut short. */
  headline: string;
  /** ["node v20.20.2", "2 x AMD EPYC ..."]: joined with ", " or " · " as the output reads. */
  machine: string[];
  /** "2026-11-21 20:15 UTC" from the report's ISO time (anything else as it is). */
  date: string;
  /** "3 cases". */
  caseCount: string;
  partial: boolean;
  /** The whole environment in one line, for a picture that may travel alone (every chart carries it). */
  footnote: string;
  /** Everything the report records about the run: Machine, Run, Target, Libraries. */
  sections: RunFacts[];
}

const fixed = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 0 });
const orNone = (value: string) => value || 'none';

/** "2026-11-21 20:15 UTC" from the ISO time a report records; anything else as it is. */
function runDate(createdAt: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(createdAt);
  return match ? `${match[1]} ${match[2]} UTC` : createdAt;
}

/** The requests per iteration of the cases: one count, or the range when a group scales them with C. */
function requestCounts(report: Report): { low: number; high: number } {
  const counts = report.cases.map((c) => c.requests);
  if (counts.length === 0) return { low: report.config.requests, high: report.config.requests };
  return { low: Math.min(...counts), high: Math.max(...counts) };
}

function workloadOf(report: Report): string {
  const { config } = report;
  const { target } = config;
  const prep = config.prepCpu || config.prepWait ? `, preparation ${config.prepCpu} ms CPU + ${config.prepWait} ms wait` : '';
  const delivery = (target.chunked ? ', chunked bodies' : '') + (target.slowBody ? `, bodies over ${target.slowBody} ms` : '');
  const faults =
    delivery +
    (target.fault ? `, faults ${target.fault}` : '') +
    (target.rateLimit ? `, rate limit ${target.rateLimit}` : '') +
    (config.retries ? `, ${config.retries} retries` : '');
  const network =
    (target.rtt > 0 ? `, rtt ${target.rtt} ms` : '') +
    (target.bandwidth > 0 ? `, bandwidth ${target.bandwidth} B/s` : '') +
    (target.tls ? ', https' : '');
  const { low, high } = requestCounts(report);
  const requests =
    low !== high ? `${fixed(low)} to ${fixed(high)} requests per iteration (N, per case)` : `${report.cases[0]?.requests ?? config.requests} requests per iteration`;
  return (
    `${requests}, ${config.iterations} iterations (+${config.warmup} warm-up), target latency ${target.latency} (seed ${config.seed}), ` +
    `payload ${target.payload} B${network}${prep}${faults}`
  );
}

function sectionsOf(report: Report): RunFacts[] {
  const { meta, config } = report;
  const { target } = config;
  const { low, high } = requestCounts(report);
  return [
    {
      title: 'Machine',
      facts: [
        ['node', meta.node],
        ['platform', `${meta.platform} / ${meta.arch}`],
        ['cpu', `${meta.cpus} x ${meta.cpuModel}`],
        ['git', meta.gitSha],
        ['created', meta.createdAt],
      ],
    },
    {
      title: 'Run',
      facts: [
        ['requests / iteration', low === high ? String(low) : `${low} to ${high} (per case)`],
        ['concurrency', config.concurrency.join(', ')],
        ['strategies', config.strategies.join(', ')],
        ['clients', config.clients.join(', ')],
        ['iterations', `${config.iterations} (+${config.warmup} warm-up)`],
        ['rounds', String(config.rounds)],
        ['seed', String(config.seed)],
        ['timeout', `${config.timeout} ms, ${config.retries} retries`],
        ['deadline / case', config.deadline ? `${config.deadline} ms` : 'none'],
        ['open-workload rate', `${config.rate} req/s`],
        ['threads', config.threads ? String(config.threads) : 'one per core, at most C'],
        ['preparation', `${config.prepCpu} ms CPU + ${config.prepWait} ms wait`],
        ['baseline', config.baseline || 'the slowest ok case'],
      ],
    },
    {
      title: 'Target',
      facts: [
        ['latency', target.latency],
        ['payload', `${target.payload} B${target.chunked ? ', chunked' : ''}${target.slowBody ? `, over ${target.slowBody} ms` : ''}`],
        ['faults', orNone(target.fault)],
        ['rate limit', orNone(target.rateLimit)],
        ['rtt', target.rtt > 0 ? `${target.rtt} ms (relay)` : 'loopback'],
        ['bandwidth', target.bandwidth > 0 ? `${target.bandwidth} B/s` : 'unlimited'],
        ['tls', target.tls ? 'https' : 'no (http)'],
      ],
    },
    { title: 'Libraries', facts: Object.entries(meta.versions).map(([name, version]) => [name, String(version)]) },
  ];
}

/** The run a report holds, described once for every output that says what was run. */
export function describeRun(report: Report): RunDescription {
  const { config, meta } = report;
  const partial = report.partial === true;
  const title = `fanout: suite ${config.suite}`;
  const workload = workloadOf(report);
  return {
    title,
    workload,
    headline: `${title}, ${workload}${partial ? ' (PARTIAL: interrupted)' : ''}`,
    machine: [`node ${meta.node}`, `${meta.cpus} x ${meta.cpuModel}`],
    date: runDate(meta.createdAt),
    caseCount: `${report.cases.length} case${report.cases.length === 1 ? '' : 's'}`,
    partial,
    footnote:
      `fanout suite ${config.suite} · node ${meta.node} · ${meta.cpus} x ${meta.cpuModel} · seed ${config.seed} · ` +
      `latency ${config.target.latency} · ${config.iterations} iterations · ${meta.createdAt.slice(0, 10)} · git ${meta.gitSha.slice(0, 8)}` +
      (partial ? ' · PARTIAL (interrupted)' : ''),
    sections: sectionsOf(report),
  };
}

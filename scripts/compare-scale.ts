// `npx tsx scripts/compare-scale.ts [--from REPORT] [--samples N] [--cases K] [--checkout DIR] [--dir DIR] [--limit S] [--json]`
//
// How compare copes with the largest reports the flags allow (--iterations 1000 --rounds 100: 100,000
// samples per case). It synthesises a BASE and a HEAD from a real small report (each case's structure
// kept, every per-iteration array filled to N entries from a seeded log-normal around the case's own
// figures; HEAD drawn with another seed from the same distribution), runs compare on them in a process of
// its own and prints its wall time and peak RSS. --checkout runs another checkout's compare on the same
// files (an older one, to see what changed); --limit stops a compare that runs longer.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseFlags, parseDecimal, parseInteger } from '../cli/parse-values.ts';
import { EXIT_OK, runCli, UsageError } from '../cli/usage-error.ts';
import { PACKAGE_ROOT } from '../harness/module-path.ts';
import { normalAt } from '../mock-server/seeded-random.ts';
import { readReport, ReportReadError } from '../report/read-report.ts';
import type { CaseReport, Report } from '../report/schema.ts';
import { medianOf, summarize } from '../report/statistics.ts';
import { throughputSummary } from '../report/throughput.ts';

const HELP = `Usage: npx tsx scripts/compare-scale.ts [options]

Synthesises two large reports from a real one and measures npm run compare on them.

Options:
  --from REPORT   the real report whose cases are copied (default: results/baseline/ci.json)
  --samples N     samples (iterations) per case, 10 to 100000 (default: 100000, what --iterations 1000
                  --rounds 100 gives)
  --cases K       cases per report, 1 to 100: the report's, repeated under new ids when K is larger
                  (default: the report's)
  --checkout DIR  measure the compare of this fanout checkout (default: this one)
  --dist          run the checkout's build, dist/scripts/compare.js, on plain Node as npm run compare
                  does (build it first), instead of scripts/compare.ts under tsx (default: off)
  --dir DIR       write the two reports here (default: a new temporary folder)
  --reuse         measure the base.json and head.json already in --dir instead of writing them again
  --limit S       stop compare after S seconds, 1 to 3600 (default: 600)
  --json          print the figures as one JSON object
  --help          this text`;

/** A seeded log-normal draw around `median` with shape `sigma`. */
const logNormal = (median: number, sigma: number, seed: number, index: number) => median * Math.exp(sigma * normalAt(seed, index));

/** The spread of a case's makespans as a log-normal shape, kept within what real runs show. */
function shapeOf(samples: readonly number[]): number {
  const logs = samples.map(Math.log);
  const mean = logs.reduce((sum, value) => sum + value, 0) / Math.max(1, logs.length);
  const sd = Math.sqrt(logs.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, logs.length - 1));
  return Math.min(0.3, Math.max(0.02, Number.isFinite(sd) ? sd : 0.05));
}

/** A copy of `source` with n iterations drawn from its own figures (seeded), its summaries recomputed. */
function synthesiseCase(source: CaseReport, id: string, n: number, seed: number, reportSeed: number): CaseReport {
  const result: CaseReport = structuredClone({ ...source, target: { ...source.target, perIteration: [] } });
  result.id = id;
  const sigma = shapeOf(source.makespanMs.samples);
  const makespanMedian = medianOf(source.makespanMs.samples);
  const efficiency = source.efficiency > 0 ? Math.min(1, source.efficiency) : 0.9;
  const p99 = source.latencyMs.p99 > 0 ? source.latencyMs.p99 : makespanMedian / 4;
  const makespans = Array.from({ length: n }, (_, i) => logNormal(makespanMedian, sigma, seed, i));
  result.makespanMs = summarize(makespans, reportSeed);
  result.idealMs = summarize(
    makespans.map((ms) => ms * efficiency),
    reportSeed,
  );
  result.throughput = throughputSummary(result.requests, makespans, reportSeed);
  result.latencyMs.p99Samples = Array.from({ length: n }, (_, i) => logNormal(p99, sigma, seed + 1, i));
  result.efficiency = efficiency;
  const scale = n / Math.max(1, source.iterations);
  for (const key of ['sent', 'ok', 'failed', 'attempts', 'lateStarts'] as const) result.counts[key] = Math.round(source.counts[key] * scale);
  result.counts.sent = result.counts.ok + result.counts.failed;
  result.errors.total = result.counts.failed;
  result.iterations = n;
  // The real per-iteration records in turn, each with its iteration's ideal: the size of a real report.
  const records = source.target.perIteration;
  result.target.perIteration = records.length === 0 ? [] : makespans.map((_, i) => ({ ...records[i % records.length]!, idealMs: result.idealMs.samples[i]! }));
  return result;
}

/** Writes a report case by case (a single string of it would be the size of the file). */
function writeSynthesised(path: string, source: Report, n: number, count: number, seed: number): void {
  const cases = Array.from({ length: count }, (_, i) => ({
    source: source.cases[i % source.cases.length]!,
    id: i < source.cases.length ? source.cases[i]!.id : `${source.cases[i % source.cases.length]!.id}#${Math.floor(i / source.cases.length) + 1}`,
  }));
  const rounds = Math.max(1, Math.ceil(n / 1000));
  const header: Report = { ...source, config: { ...source.config, iterations: Math.ceil(n / rounds), rounds }, cases: [] };
  const [before, after] = JSON.stringify(header).split('"cases":[]');
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `${before}"cases":[`);
    cases.forEach(({ source: result, id }, index) => {
      writeSync(fd, `${index > 0 ? ',' : ''}${JSON.stringify(synthesiseCase(result, id, n, seed + index * 7919, source.config.seed))}`);
    });
    writeSync(fd, `]${after}`);
  } finally {
    closeSync(fd);
  }
}

interface Measured {
  wallMs: number;
  /**
   * Peak resident set of the compare process, bytes: getrusage's maxrss as it exits, or, for one stopped
   * at the limit, the highest VmHWM read from /proc while it ran (Linux; 0 elsewhere).
   */
  peakRssBytes: number;
  exitCode: number | null;
  stoppedAfterLimit: boolean;
  stdout: string;
  stderr: string;
}

// Loaded into the compare process before its script: on exit it writes its peak RSS where we find it.
const PEAK_RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\ncompare-scale-peak-rss-kb '+process.resourceUsage().maxRSS+'\\n'))`;

/**
 * Runs `checkout`'s compare on the two files: its sources with `node --import tsx` (no launcher process in
 * between, whose RSS would be measured instead), or its build on plain Node.
 */
function measureCompare(checkout: string, dist: boolean, base: string, head: string, limitMs: number): Promise<Measured> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const script = dist ? ['--import', PEAK_RSS_HOOK, join(checkout, 'dist', 'scripts', 'compare.js')] : ['--import', 'tsx', '--import', PEAK_RSS_HOOK, join(checkout, 'scripts', 'compare.ts')];
    const child = spawn(process.execPath, [...script, base, head], {
      cwd: checkout,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let stoppedAfterLimit = false;
    let polledPeakKb = 0;
    const poll = setInterval(() => {
      try {
        const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) polledPeakKb = Math.max(polledPeakKb, Number(hwm[1]));
      } catch {
        // Not Linux, or the process is gone: its own figure comes on exit.
      }
    }, 250);
    const timer = setTimeout(() => {
      stoppedAfterLimit = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      const wallMs = performance.now() - started;
      const peak = /\ncompare-scale-peak-rss-kb (\d+)\n/.exec(stderr);
      resolvePromise({
        wallMs,
        peakRssBytes: (peak ? Math.max(Number(peak[1]), polledPeakKb) : polledPeakKb) * 1024,
        exitCode: code,
        stoppedAfterLimit,
        stdout,
        stderr: stderr.replace(/\ncompare-scale-peak-rss-kb \d+\n/, ''),
      });
    });
  });
}

const MB = 1024 * 1024;

await runCli('compare-scale', async () => {
  const { values } = parseFlags({
    args: process.argv.slice(2),
    strict: true,
    allowPositionals: false,
    options: {
      from: { type: 'string', default: join(PACKAGE_ROOT, 'results', 'baseline', 'ci.json') },
      samples: { type: 'string', default: '100000' },
      cases: { type: 'string' },
      checkout: { type: 'string', default: PACKAGE_ROOT },
      dir: { type: 'string' },
      limit: { type: 'string', default: '600' },
      dist: { type: 'boolean', default: false },
      reuse: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return EXIT_OK;
  }
  const samples = parseInteger('samples', values.samples, 10, 100_000);
  const limitMs = parseDecimal('limit', values.limit, 1, 3600) * 1000;
  const source = await readReport(values.from).catch((error: unknown) => {
    throw error instanceof ReportReadError ? new UsageError(error.message) : error;
  });
  if (source.cases.length === 0) throw new UsageError(`--from: ${values.from} holds no case to copy`);
  const cases = values.cases === undefined ? source.cases.length : parseInteger('cases', values.cases, 1, 100);
  const checkout = resolve(values.checkout);
  if (values.dist && !existsSync(join(checkout, 'dist', 'scripts', 'compare.js'))) throw new UsageError(`--dist: ${checkout} has no dist/scripts/compare.js: build it first (npm run build)`);
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'fanout-compare-scale-'));
  mkdirSync(dir, { recursive: true });
  const base = join(dir, 'base.json');
  const head = join(dir, 'head.json');
  const synthesisStarted = performance.now();
  if (values.reuse && (values.dir === undefined || !existsSync(base) || !existsSync(head))) throw new UsageError('--reuse needs a --dir that holds base.json and head.json');
  if (!values.reuse) {
    writeSynthesised(base, source, samples, cases, 11);
    writeSynthesised(head, source, samples, cases, 23);
  }
  const synthesisMs = performance.now() - synthesisStarted;
  const measured = await measureCompare(checkout, values.dist, base, head, limitMs);
  const verdicts: Record<string, number> = {};
  for (const match of measured.stdout.matchAll(/│ (regressed|improved|unchanged|within noise|inconclusive|missing|failing)\s*│/g)) {
    verdicts[match[1]!] = (verdicts[match[1]!] ?? 0) + 1;
  }
  const figures = {
    checkout,
    runs: values.dist ? 'dist/scripts/compare.js on node' : 'scripts/compare.ts under tsx',
    cases,
    samplesPerCase: samples,
    reportBytes: { base: statSync(base).size, head: statSync(head).size },
    synthesisMs: Math.round(synthesisMs),
    compare: {
      wallMs: Math.round(measured.wallMs),
      peakRssBytes: measured.peakRssBytes,
      exitCode: measured.exitCode,
      stoppedAfterLimit: measured.stoppedAfterLimit,
      verdicts,
      stderr: measured.stderr.trim(),
    },
    reports: { base, head },
  };
  if (values.json) {
    console.log(JSON.stringify(figures));
  } else {
    const size = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
    console.log(
      [
        `compare-scale: ${cases} cases x ${samples.toLocaleString('en-US')} samples, reports of ${size(figures.reportBytes.base)} and ${size(figures.reportBytes.head)} (${dir})`,
        measured.stoppedAfterLimit
          ? `compare (${checkout}, ${figures.runs}): stopped after ${(limitMs / 1000).toFixed(0)} s, unfinished; peak RSS by then ${size(measured.peakRssBytes)}`
          : `compare (${checkout}, ${figures.runs}): ${(measured.wallMs / 1000).toFixed(1)} s wall, peak RSS ${size(measured.peakRssBytes)}, exit ${measured.exitCode}`,
        `verdicts: ${Object.entries(verdicts).map(([verdict, count]) => `${count} ${verdict}`).join(', ') || 'none'}`,
        ...(figures.compare.stderr ? [`its stderr: ${figures.compare.stderr}`] : []),
      ].join('\n'),
    );
  }
  return EXIT_OK;
});

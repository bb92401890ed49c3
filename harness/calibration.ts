import type { Calibration, ClientCalibration, TargetCalibration } from '../report/schema.ts';
import { medianOf, summarize } from '../report/statistics.ts';
import { throughputSamples } from '../report/throughput.ts';
import { startBareFastify, type BareFastify } from './bare/fastify-target.ts';
import { BARE_CLIENTS, type BareTarget } from './bare/idiom.ts';
import { BareProcess, type BareSample } from './bare/bare-process-handle.ts';
import type { CaseSpec } from './case-spec.ts';
import type { CaseMeasurement } from './measurement.ts';
import type { TargetProcess } from './target-process.ts';

/** What the calibration runs each round: how many requests, at which concurrency, how often. */
export interface CalibrationShape {
  requests: number;
  concurrency: number;
  iterations: number;
  warmup: number;
  payloadBytes: number;
  /** The mock's latency is 0: only then is it doing what bare Fastify does, so only then is it compared. */
  latencyZero: boolean;
}

/** The client whose bare loop also drives the target calibration (the cheapest client, so the server shows). */
const TARGET_LOAD_CLIENT = 'undici';

/**
 * The overhead suite's calibrations: each client's bare loop against the mock, in a process of its own
 * (bare-process.ts) so that nothing of the harness's process slows it, paired with the harness's
 * limited-pool case for that client, and the undici bare loop against a bare Fastify app, to
 * set the mock's CPU per request beside bare Fastify's under the same load. Every ratio is taken round
 * by round, so a shared machine's drift cancels out.
 */
export class Calibrator {
  private readonly bare = new Map<string, BareSample[]>();
  private readonly mockCpu: number[][] = [];
  private readonly fastifyCpu: number[][] = [];

  private readonly target: TargetProcess;
  private readonly clients: string[];
  private readonly shape: CalibrationShape;
  private readonly fastify: BareFastify | undefined;

  private constructor(
    target: TargetProcess,
    clients: string[],
    shape: CalibrationShape,
    fastify: BareFastify | undefined,
  ) {
    this.target = target;
    this.clients = clients;
    this.shape = shape;
    this.fastify = fastify;
  }

  /**
   * Starts the bare Fastify reference when the mock serves plain HTTP at latency 0 with no emulated
   * network: a latency's timers, a relay or TLS would be charged to the mock, and bare Fastify has none.
   */
  static async start(target: TargetProcess, clients: string[], shape: CalibrationShape): Promise<Calibrator> {
    // Only the names: the bare loops and their libraries load in their own processes, never in this one.
    const calibrated = clients.filter((client) => (BARE_CLIENTS as readonly string[]).includes(client));
    const plain = shape.latencyZero && target.certificate === undefined && target.url === target.controlUrl;
    const fastify = plain ? await startBareFastify(shape.payloadBytes) : undefined;
    return new Calibrator(target, calibrated, shape, fastify);
  }

  async stop(): Promise<void> {
    await this.fastify?.stop();
  }

  /**
   * The bare loop of the client of `spec` (a limited-pool case), run right beside that case: before it in
   * even rounds, after it in odd ones, so the two see the same machine. The undici loop is also run
   * against bare Fastify, next to its run against the mock, for the target calibration.
   */
  async runBeside(spec: CaseSpec, round: number): Promise<void> {
    if (!this.pairs(spec)) return;
    const client = spec.client.name;
    const againstMock = async () => {
      const samples = this.bare.get(client) ?? [];
      const mockRound: number[] = [];
      const bare = await BareProcess.start(client);
      try {
        for (let iteration = 0; iteration < this.shape.warmup + this.shape.iterations; iteration++) {
          await this.target.reset();
          const sample = await bare.run(this.bareTarget(), this.shape.requests, this.shape.concurrency, `b${round}.${iteration}`);
          const { cpuMs, received } = await this.target.stats();
          if (iteration < this.shape.warmup) continue;
          samples.push(sample);
          mockRound.push((cpuMs * 1000) / received);
        }
      } finally {
        await bare.stop();
      }
      this.bare.set(client, samples);
      return mockRound;
    };
    if (client !== TARGET_LOAD_CLIENT || !this.fastify) {
      await againstMock();
      return;
    }
    const fastifyFirst = round % 2 === 0;
    const fastifyBefore = fastifyFirst ? await this.againstFastify(round) : [];
    this.mockCpu.push(await againstMock());
    this.fastifyCpu.push(fastifyFirst ? fastifyBefore : await this.againstFastify(round));
  }

  /** The undici bare loop against bare Fastify: the server's CPU per request of each measured iteration. */
  private async againstFastify(round: number): Promise<number[]> {
    const fastify = this.fastify!;
    const perRequest: number[] = [];
    const bare = await BareProcess.start(TARGET_LOAD_CLIENT);
    try {
      for (let iteration = 0; iteration < this.shape.warmup + this.shape.iterations; iteration++) {
        const before = await fastify.cpuMs();
        await bare.run({ url: fastify.url }, this.shape.requests, this.shape.concurrency, `f${round}.${iteration}`);
        if (iteration >= this.shape.warmup) perRequest.push((((await fastify.cpuMs()) - before) * 1000) / this.shape.requests);
      }
    } finally {
      await bare.stop();
    }
    return perRequest;
  }

  /** A case the calibration pairs with a bare loop: limited-pool with a client that has one. */
  private pairs(spec: CaseSpec): boolean {
    return spec.strategy.name === 'limited-pool' && this.clients.includes(spec.client.name);
  }

  private bareTarget(): BareTarget {
    return { url: this.target.url, ...(this.target.certificate === undefined ? {} : { ca: this.target.certificate }) };
  }

  /** The report's calibration, pairing each client's bare rounds with its limited-pool case's. */
  result(cases: readonly CaseSpec[], measuredOf: (spec: CaseSpec) => CaseMeasurement | undefined, seed: number): Calibration {
    const { requests, concurrency, iterations: perRound } = this.shape;
    const clients: ClientCalibration[] = [];
    for (const client of this.clients) {
      const spec = cases.find((candidate) => candidate.client.name === client && this.pairs(candidate));
      const measured = spec && measuredOf(spec);
      const bare = this.bare.get(client) ?? [];
      if (!measured || measured.iterations.length === 0 || bare.length === 0) continue;
      const harness = measured.iterations.map((record) => ({
        makespanMs: record.makespanMs,
        cpuUsPerRequest: ((record.cpuUserMs + record.cpuSystemMs) * 1000) / requests,
      }));
      clients.push(clientCalibration(client, harness, bare, requests, perRound, seed));
    }
    const target = targetCalibration(this.mockCpu, this.fastifyCpu);
    return { requests, concurrency, clients, ...(target ? { target } : {}) };
  }
}

const pick = ({ median, ciLow, ciHigh, samples }: ReturnType<typeof summarize>) => ({ median, ciLow, ciHigh, samples });

/** Per round, the harness's median over the bare loop's median of one figure. */
function roundRatios(harness: number[], bare: number[], perRound: number): number[] {
  const ratios: number[] = [];
  for (let start = 0; start + perRound <= Math.min(harness.length, bare.length); start += perRound) {
    ratios.push(medianOf(harness.slice(start, start + perRound)) / medianOf(bare.slice(start, start + perRound)));
  }
  return ratios;
}

function clientCalibration(client: string, harness: BareSample[], bare: BareSample[], requests: number, perRound: number, seed: number): ClientCalibration {
  const throughputs = (samples: BareSample[]) => throughputSamples(requests, samples.map((sample) => sample.makespanMs));
  const cpus = (samples: BareSample[]) => samples.map((sample) => sample.cpuUsPerRequest);
  const pairRatios = roundRatios(throughputs(harness), throughputs(bare), perRound);
  const cpuPairRatios = roundRatios(cpus(harness), cpus(bare), perRound);
  return {
    client,
    bareThroughput: pick(summarize(throughputs(bare), seed)),
    harnessThroughput: pick(summarize(throughputs(harness), seed)),
    pairRatios,
    ratio: medianOf(pairRatios),
    bareCpuUsPerRequest: medianOf(cpus(bare)),
    harnessCpuUsPerRequest: medianOf(cpus(harness)),
    cpuPairRatios,
    cpuRatio: medianOf(cpuPairRatios),
  };
}

function targetCalibration(mock: number[][], fastify: number[][]): TargetCalibration | undefined {
  const rounds = mock.map((values, round) => [values, fastify[round] ?? []] as const).filter(([m, f]) => m.length > 0 && f.length > 0);
  if (rounds.length === 0) return undefined;
  const pairRatios = rounds.map(([m, f]) => medianOf(m) / medianOf(f));
  return {
    mockCpuUsPerRequest: medianOf(rounds.flatMap(([m]) => m)),
    bareCpuUsPerRequest: medianOf(rounds.flatMap(([, f]) => f)),
    pairRatios,
    ratio: medianOf(pairRatios),
  };
}

/** A suite: which cases to run (strategies x clients x concurrency) and the target they run against. */
export interface Suite {
  name: string;
  summary: string;
  strategies: string[];
  clients: string[];
  /** Requests per iteration. */
  requests: number;
  /** Each value makes a case for the strategies that use a concurrency. */
  concurrency: number[];
  iterations: number;
  warmup: number;
  /** Latency spec of the target (DESIGN.md grammar). */
  latency: string;
  payloadBytes: number;
  timeoutMs: number;
}

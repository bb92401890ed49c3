import type { ChartDefinition } from './chart.ts';
import { concurrencySweepChart } from './concurrency-sweep.ts';
import { inFlightChart } from './in-flight.ts';
import { latencyPercentilesChart } from './latency-percentiles.ts';
import { measuredVsIdealChart } from './measured-vs-ideal.ts';
import { throughputChart } from './throughput.ts';

/** Every chart a report gets, in the order the HTML report shows them. */
export const CHARTS: readonly ChartDefinition[] = [
  throughputChart,
  latencyPercentilesChart,
  inFlightChart,
  concurrencySweepChart,
  measuredVsIdealChart,
];

export type { ChartDefinition } from './chart.ts';

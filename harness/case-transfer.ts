import { getClient } from '../clients/index.ts';
import { getStrategy } from '../strategies/index.ts';
import type { CaseSpec } from './case-spec.ts';
import type { CaseMeasurement, IterationRecord } from './measurement.ts';
import { RequestRecorder, type RecordedCounts } from './request-recorder.ts';

// A case and its measurement in a form that crosses a process boundary (structured clone): the
// strategy and client by name, each recorder as its counts and encoded histogram.

export type TransferredCaseSpec = Omit<CaseSpec, 'strategy' | 'client'> & { strategy: string; client: string };

export type TransferredMeasurement = Omit<CaseMeasurement, 'iterations' | 'cutOff'> & {
  iterations: (Omit<IterationRecord, 'recorder'> & { recorder: RecordedCounts })[];
  cutOff?: RecordedCounts;
};

export function specToTransfer(spec: CaseSpec): TransferredCaseSpec {
  return { ...spec, strategy: spec.strategy.name, client: spec.client.name };
}

/** The case again, its strategy and client looked up by name among those this process knows. */
export function specFromTransfer(spec: TransferredCaseSpec): CaseSpec {
  return { ...spec, strategy: getStrategy(spec.strategy), client: getClient(spec.client) };
}

export function measurementToTransfer({ iterations, cutOff, ...rest }: CaseMeasurement): TransferredMeasurement {
  return {
    ...rest,
    iterations: iterations.map((record) => ({ ...record, recorder: record.recorder.toCounts() })),
    ...(cutOff ? { cutOff: cutOff.toCounts() } : {}),
  };
}

export function measurementFromTransfer({ iterations, cutOff, ...rest }: TransferredMeasurement): CaseMeasurement {
  return {
    ...rest,
    iterations: iterations.map((record) => ({ ...record, recorder: RequestRecorder.fromCounts(record.recorder) })),
    ...(cutOff ? { cutOff: RequestRecorder.fromCounts(cutOff) } : {}),
  };
}

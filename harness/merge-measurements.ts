import type { CaseMeasurement } from './measurement.ts';
import { RequestRecorder } from './request-recorder.ts';

/** The counts of several recorders added up into a new one (the recorders are left as they were). */
export function addedUp(recorders: (RequestRecorder | undefined)[]): RequestRecorder {
  const total = new RequestRecorder();
  for (const recorder of recorders) if (recorder) total.add(recorder);
  return total;
}

/** All rounds of one case together: iterations in the order they ran, peaks of the peaks. */
export function mergeMeasurements(a: CaseMeasurement, b: CaseMeasurement): CaseMeasurement {
  return {
    iterations: [...a.iterations, ...b.iterations],
    peakRssBytes: Math.max(a.peakRssBytes, b.peakRssBytes),
    peakHeapBytes: Math.max(a.peakHeapBytes, b.peakHeapBytes),
    eventLoopDelayP99Ms: Math.max(a.eventLoopDelayP99Ms, b.eventLoopDelayP99Ms),
    problems: [...a.problems, ...b.problems],
    ...((a.abortReason ?? b.abortReason) ? { abortReason: (a.abortReason ?? b.abortReason)! } : {}),
    ...(a.cutOff || b.cutOff ? { cutOff: addedUp([a.cutOff, b.cutOff]) } : {}),
    ...((b.timeline ?? a.timeline) ? { timeline: (b.timeline ?? a.timeline)! } : {}),
  };
}

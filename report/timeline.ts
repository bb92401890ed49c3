/** The in-flight timeline of a report: requests in flight at the target per bucket of bucketMs. */
export interface Timeline {
  bucketMs: number;
  values: number[];
}

/** A report keeps at most this many buckets per case, whatever the iteration's length. */
export const MAX_TIMELINE_BUCKETS = 2000;

/**
 * Merges runs of neighbouring buckets so at most `maxBuckets` are left, each keeping the highest value of
 * those it merged: a peak never disappears, and a long iteration (a million requests) keeps a report
 * of a few kilobytes. Returns the timeline itself when it is short enough.
 */
export function downsampleTimeline(timeline: Timeline, maxBuckets = MAX_TIMELINE_BUCKETS): Timeline {
  const { values, bucketMs } = timeline;
  if (values.length <= maxBuckets) return timeline;
  const span = Math.ceil(values.length / maxBuckets);
  const merged: number[] = [];
  for (let start = 0; start < values.length; start += span) {
    let peak = values[start]!;
    for (let index = start + 1; index < Math.min(start + span, values.length); index++) peak = Math.max(peak, values[index]!);
    merged.push(peak);
  }
  return { bucketMs: bucketMs * span, values: merged };
}

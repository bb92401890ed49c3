// Ideal schedules shared by the strategies' predictions: request durations in, makespan out.

type DurationOf = (index: number) => number;

/** One after another. */
export function serialMakespan(durationOf: DurationOf, first: number, count: number): number {
  let total = 0;
  for (let index = first; index < first + count; index++) total += durationOf(index);
  return total;
}

/** All at once: the slowest one. */
export function slowestOf(durationOf: DurationOf, first: number, count: number): number {
  let slowest = 0;
  for (let index = first; index < first + count; index++) slowest = Math.max(slowest, durationOf(index));
  return slowest;
}

/** Chunks of `size`, each waiting for its slowest before the next starts. */
export function batchesMakespan(durationOf: DurationOf, count: number, size: number): number {
  let total = 0;
  for (let start = 0; start < count; start += size) total += slowestOf(durationOf, start, Math.min(size, count - start));
  return total;
}

/**
 * A window of `slots`: requests start in index order, each on the slot that frees first (p-limit, a
 * semaphore, C workers on a queue, a socket pool). A binary min-heap of slot free times, written here
 * because it is a dozen lines on the prediction's hot loop.
 */
export function windowMakespan(durationOf: DurationOf, first: number, count: number, slots: number): number {
  const width = Math.max(1, Math.min(slots, count));
  const heap = new Float64Array(width); // every slot free at time 0
  let makespan = 0;
  for (let index = first; index < first + count; index++) {
    const finish = heap[0]! + durationOf(index);
    makespan = Math.max(makespan, finish);
    // The earliest free slot (the root) takes this request: sift its new free time down.
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= width) break;
      const child = left + 1 < width && heap[left + 1]! < heap[left]! ? left + 1 : left;
      if (heap[child]! >= finish) break;
      heap[at] = heap[child]!;
      at = child;
    }
    heap[at] = finish;
  }
  return makespan;
}

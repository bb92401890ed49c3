/**
 * Uniform numbers in [0, 1) drawn from (seed, index, stream) alone, with no state: request i gets the same
 * latency whichever order requests arrive in, so every strategy and client sees the same sequence.
 * A 32-bit integer hash (lowbias32 by Chris Wellons): hand-written because a stateless, index-addressed
 * draw is the point, and stateful PRNG packages draw in sequence.
 */
function hash32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

export function uniformAt(seed: number, index: number, stream = 0): number {
  const mixed = hash32(hash32(hash32(seed) ^ index) ^ Math.imul(stream + 1, 0x9e3779b9));
  // Also mix in the high bits of large indices, so index and index + 2^32 differ.
  const high = Math.floor(index / 2 ** 32);
  return hash32(mixed ^ high) / 2 ** 32;
}

/** A standard normal draw (Box-Muller) from two independent uniforms of the same index. */
export function normalAt(seed: number, index: number): number {
  const u1 = 1 - uniformAt(seed, index, 0); // (0, 1]: log(0) never happens
  const u2 = uniformAt(seed, index, 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * The JSON body of a response: `{"id":...,"latencyMs":...,"data":"xxx..."}`, padded with `data` so the
 * whole body is `bytes` long (or as short as the id and latency allow when `bytes` is smaller).
 */
export function makeBody(id: string, latencyMs: number, bytes: number): string {
  const bare = JSON.stringify({ id, latencyMs, data: '' });
  const padding = Math.max(0, bytes - bare.length);
  return JSON.stringify({ id, latencyMs, data: 'x'.repeat(padding) });
}

// The target calibration's reference: a bare Fastify app with the mock's route and body, written as a
// Fastify user would (an async handler returning an object), with no hooks, stats or latency model.
// Run as a child process: it reports its port, then its own CPU time whenever asked, over IPC.
// Usage: tsx harness/bare/fastify-server.ts PAYLOAD_BYTES
import Fastify from 'fastify';
import { REQUEST_ID_HEADER } from '../../mock-server/protocol.ts';

const payloadBytes = Number(process.argv[2] ?? 256);
// The padding that makes a body with a typical id as long as the mock's.
const padding = 'x'.repeat(Math.max(0, payloadBytes - JSON.stringify({ id: 'i1-00000', latencyMs: 0, data: '' }).length));

const app = Fastify({ logger: false });
app.get<{ Querystring: { id?: string } }>('/req', async (request, reply) => {
  const id = request.query.id ?? '';
  reply.header(REQUEST_ID_HEADER, id);
  return { id, latencyMs: 0, data: padding };
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.on('message', (message: { type?: string }) => {
  if (message.type === 'cpu') process.send!({ type: 'cpu', usage: process.cpuUsage() });
});
process.once('disconnect', () => void app.close().then(() => process.exit(0)));
process.send!({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });

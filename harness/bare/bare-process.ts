// A bare loop in a process of its own: it loads one client's idiom and nothing of the harness, so what
// the harness's process carries (its modules, its other agents, its timers) cannot slow it too. The
// calibration forks it once per run of a bare loop and asks it for one iteration at a time over IPC.
import { BARE_IDIOMS } from './index.ts';
import type { BareClient, BareTarget } from './idiom.ts';

interface Ask {
  client: BareClient;
  target: BareTarget;
  requests: number;
  concurrency: number;
  idPrefix: string;
}

process.on('message', (ask: Ask | { type: 'done' }) => {
  if ('type' in ask) return process.disconnect();
  const idiom = BARE_IDIOMS[ask.client];
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  idiom(ask.target, ask.requests, ask.concurrency, ask.idPrefix).then(
    () => {
      const makespanMs = Number(process.hrtime.bigint() - started) / 1e6;
      const cpu = process.cpuUsage(cpuBefore);
      process.send!({ makespanMs, cpuUsPerRequest: (cpu.user + cpu.system) / ask.requests });
    },
    (error: unknown) => process.send!({ error: String((error as Error)?.message ?? error) }),
  );
});
process.send!({ ready: true });

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { after, test } from 'node:test';
import { startTarget } from '../harness/target-process.ts';
import { parseLatencySpec } from '../mock-server/latency.ts';
import { moduleCommand, ROOT, scriptCommand } from './cli-helpers.ts';

// The kernel check: is the relay's --rtt 20 the same as a real 20 ms network? Two network namespaces
// joined by a veth pair, netem adding 10 ms on each end's way out, the target in one and the client loop
// in the other; then the same loop against the relay on loopback. Only the namespaces' own addresses
// (10.200.0.0/24, which exist nowhere else) and 127.0.0.1 carry traffic.

const NS_TARGET = 'fanout-a';
const NS_CLIENT = 'fanout-b';
const TARGET_ADDRESS = '10.200.0.1';
const CLIENT_ADDRESS = '10.200.0.2';
const PORT = 3999;
const REQUESTS = 20;
const ROUNDS = 3;

const run = (command: string, args: string[]) => spawnSync(command, args, { encoding: 'utf8' });
const must = (command: string, args: string[]) => {
  const result = run(command, args);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${(result.stderr || result.error?.message || '').trim()}`);
};
const deleteNamespaces = () => {
  for (const ns of [NS_TARGET, NS_CLIENT]) run('ip', ['netns', 'del', ns]);
};

/** Why the check cannot run here, or undefined when it can (it then leaves the namespaces built). */
function unavailable(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'needs root for ip netns and tc';
  for (const tool of ['ip', 'tc']) if (run(tool, ['-V']).error) return `needs the ${tool} command (iproute2)`;
  deleteNamespaces();
  try {
    must('ip', ['netns', 'add', NS_TARGET]);
    must('ip', ['netns', 'add', NS_CLIENT]);
    // The veth pair is made inside the namespaces: it never exists in this host's own namespace.
    must('ip', ['-n', NS_TARGET, 'link', 'add', 'fanout-va', 'type', 'veth', 'peer', 'name', 'fanout-vb', 'netns', NS_CLIENT]);
    for (const [ns, device, address] of [[NS_TARGET, 'fanout-va', TARGET_ADDRESS], [NS_CLIENT, 'fanout-vb', CLIENT_ADDRESS]] as const) {
      must('ip', ['-n', ns, 'addr', 'add', `${address}/24`, 'dev', device]);
      must('ip', ['-n', ns, 'link', 'set', device, 'up']);
      must('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
      must('tc', ['-n', ns, 'qdisc', 'add', 'dev', device, 'root', 'netem', 'delay', '10ms']);
    }
    return undefined;
  } catch (error) {
    deleteNamespaces();
    return `cannot build the namespaces here: ${(error as Error).message}`;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function clientLoop(prefix: string[], url: string, strategy: string): number {
  const [command, ...args] = [...prefix, ...moduleCommand('./client-loop.ts'), url, strategy, String(REQUESTS), String(ROUNDS)];
  const result = spawnSync(command!, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  return median(JSON.parse(result.stdout) as number[]);
}

function startNamespacedTarget(): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', NS_TARGET, ...scriptCommand('mock-server.ts'), '--host', TARGET_ADDRESS, '--port', String(PORT), '--latency', '5', '--allow-remote'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`target in ${NS_TARGET} did not start: ${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`target in ${NS_TARGET} exited with ${code}: ${output}`)));
  });
}

const skip = unavailable();
let namespacedTarget: ChildProcess | undefined;
after(async () => {
  if (namespacedTarget && namespacedTarget.exitCode === null) {
    const exited = new Promise((resolve) => namespacedTarget!.once('exit', resolve));
    namespacedTarget.kill('SIGTERM');
    await exited;
  }
  if (!skip) deleteNamespaces();
});

test('the relay with --rtt 20 matches a real 20 ms network (netns, veth, netem) within 10%', { skip, timeout: 120_000 }, async () => {
  namespacedTarget = await startNamespacedTarget();
  const relayed = await startTarget({ latency: parseLatencySpec('5'), seed: 1, payloadBytes: 256, network: { rttMs: 20, bandwidthBytesPerSec: 0, tls: false } });
  const lines: string[] = [];
  try {
    for (const strategy of ['sequential', 'shared-agent']) {
      const kernel = clientLoop(['ip', 'netns', 'exec', NS_CLIENT], `http://${TARGET_ADDRESS}:${PORT}`, strategy);
      const relay = clientLoop([], relayed.url, strategy);
      const ratio = relay / kernel;
      lines.push(`${strategy}: netns ${kernel.toFixed(0)} ms, relay ${relay.toFixed(0)} ms, relay/netns ${ratio.toFixed(3)}`);
      assert.ok(Math.abs(ratio - 1) <= 0.1, lines.join('; '));
    }
  } finally {
    await relayed.stop();
  }
  console.log(`kernel check, ${REQUESTS} requests at 5 ms: ${lines.join('; ')}`);
});

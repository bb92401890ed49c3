import { barrierBurst } from './barrier-burst.ts';
import { batched } from './batched.ts';
import { connectionLimited } from './connection-limited.ts';
import { fixedRate } from './fixed-rate.ts';
import { limitedPool } from './limited-pool.ts';
import { promiseAll } from './promise-all.ts';
import { queueWorkers } from './queue-workers.ts';
import { sequential } from './sequential.ts';
import { sharedAgent } from './shared-agent.ts';
import type { Strategy } from './strategy.ts';
import { workerThreads } from './worker-threads.ts';

/** Every strategy, in the order tables and --list show them. */
export const STRATEGIES: readonly Strategy[] = [
  sequential,
  sharedAgent,
  promiseAll,
  limitedPool,
  connectionLimited,
  batched,
  queueWorkers,
  workerThreads,
  barrierBurst,
  fixedRate,
];

export const STRATEGY_NAMES = STRATEGIES.map((strategy) => strategy.name);

export function getStrategy(name: string): Strategy {
  const strategy = STRATEGIES.find((candidate) => candidate.name === name);
  if (!strategy) throw new Error(`unknown strategy "${name}"; valid: ${STRATEGY_NAMES.join(', ')}`);
  return strategy;
}

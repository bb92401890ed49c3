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

/** The strategies that come with fanout, in the order tables and --list show them. */
export const BUILT_IN_STRATEGIES: readonly Strategy[] = [
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

export const BUILT_IN_STRATEGY_NAMES = BUILT_IN_STRATEGIES.map((strategy) => strategy.name);

/** Strategies written outside strategies/ (a --config file, the API), in the order they were registered. */
const registered: Strategy[] = [];

/** Every strategy a suite can name: the built-in ones, then the registered ones. */
export function allStrategies(): readonly Strategy[] {
  return [...BUILT_IN_STRATEGIES, ...registered];
}

export function strategyNames(): string[] {
  return allStrategies().map((strategy) => strategy.name);
}

// A name goes into case ids ("lanes/undici/c4/n40"), --strategies lists and --baseline STRATEGY/CLIENT.
const NAME = /^[a-z0-9][a-z0-9._-]*$/i;
const PARTS = ['effectiveConcurrency', 'clientSettings', 'run', 'predict'] as const;

/** Why `strategy` cannot be registered, or undefined when it can. */
function registrationProblem(strategy: Strategy): string | undefined {
  const name: unknown = strategy?.name;
  if (typeof name !== 'string' || !NAME.test(name)) {
    return `a strategy's name is letters, digits, ".", "_" and "-" (it goes into case ids and --strategies lists), got ${JSON.stringify(name)}`;
  }
  if (typeof strategy.summary !== 'string' || strategy.summary.trim() === '') return `strategy "${name}" has no one-line summary`;
  const missing = PARTS.filter((part) => typeof strategy[part] !== 'function');
  if (missing.length > 0) return `strategy "${name}" has no ${missing.join(', ')} function (make it with defineStrategy)`;
  if (BUILT_IN_STRATEGY_NAMES.includes(name)) return `"${name}" is a built-in strategy; give yours another name`;
  if (registered.some((other) => other.name === name && other !== strategy)) return `a different strategy named "${name}" is already registered`;
  return undefined;
}

/**
 * Makes a strategy written outside strategies/ known by name to suites, --strategies and --list.
 * Registering the same object again does nothing (a program may run several suites with it); another
 * strategy with a name already taken is refused.
 */
export function registerStrategy(strategy: Strategy): void {
  const problem = registrationProblem(strategy);
  if (problem) throw new Error(`registerStrategy: ${problem}`);
  if (!registered.includes(strategy)) registered.push(strategy);
}

export function getStrategy(name: string): Strategy {
  const strategy = allStrategies().find((candidate) => candidate.name === name);
  if (!strategy) throw new Error(`unknown strategy "${name}"; valid: ${strategyNames().join(', ')}`);
  return strategy;
}

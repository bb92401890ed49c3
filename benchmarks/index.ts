import { ciSuite } from './ci.ts';
import { defaultSuite } from './default.ts';
import { faultsSuite } from './faults.ts';
import { matrixSuite } from './matrix.ts';
import { networkSuite } from './network.ts';
import { overheadSuite } from './overhead.ts';
import { scaleSuite } from './scale.ts';
import { seedsSuite } from './seeds.ts';
import { smokeSuite } from './smoke.ts';
import { sweepSuite } from './sweep.ts';
import type { Suite } from './suite.ts';

export const SUITES: readonly Suite[] = [defaultSuite, smokeSuite, matrixSuite, seedsSuite, overheadSuite, faultsSuite, networkSuite, ciSuite, sweepSuite, scaleSuite];

export const SUITE_NAMES = SUITES.map((suite) => suite.name);

export function findSuite(name: string): Suite | undefined {
  return SUITES.find((suite) => suite.name === name);
}

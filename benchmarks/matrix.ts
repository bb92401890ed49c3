import { CLIENT_NAMES } from '../clients/index.ts';
import { defaultSuite } from './default.ts';
import type { Suite } from './suite.ts';

// Every strategy with every client: 50 cases.
export const matrixSuite: Suite = {
  ...defaultSuite,
  name: 'matrix',
  summary: 'every strategy with every client (50 cases), 50 requests at 20 ms, C = 10, 3 iterations',
  groups: [{ strategies: defaultSuite.groups[0]!.strategies, clients: [...CLIENT_NAMES] }],
  iterations: 3,
};

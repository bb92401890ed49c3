import { sequential } from './sequential.ts';
import { defineStrategy } from './strategy.ts';

// The Session fix: the very same loop as `sequential`, but over one kept-alive connection. In Node every
// client is async, so this loop is also the "await in a loop" idiom: see docs/strategies.md.
export const sharedAgent = defineStrategy({
  ...sequential,
  name: 'shared-agent',
  summary: 'one request after another over one shared keep-alive connection (requests.Session)',
  clientSettings: () => ({ keepAlive: true, maxSockets: 1 }),
});

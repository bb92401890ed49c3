import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Node hides gc() unless started with --expose-gc; the flag can be set at run time and the function read
// from a fresh context, which is the documented way to reach it without changing how Node is started.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * A full collection before a case, so garbage a previous case left (a million promises of an idiom that
 * holds them all) is not counted in this case's heap and RSS. Outside the timed part.
 */
export function collectGarbage(): void {
  gc();
}

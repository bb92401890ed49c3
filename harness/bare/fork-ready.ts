import { fork, type ChildProcess } from 'node:child_process';

/** The child's next IPC message; rejects if it exits first, so a crashed child never leaves a wait behind. */
export function nextMessage<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${what} exited with code ${code}`));
    child.once('exit', onExit);
    child.once('message', (message: T) => {
      child.off('exit', onExit);
      resolve(message);
    });
  });
}

/**
 * Forks `entry` (passing the tsx loader on from the sources; plain node from dist/) and resolves with
 * its first IPC message, the child's "ready". The child is killed if this process exits before it has
 * (a second Ctrl-C in the middle of a bare loop): SIGKILL, which even a stopped process cannot hold off.
 */
export async function forkReady<T>(entry: string, args: string[] = []): Promise<{ child: ChildProcess; ready: T }> {
  const child = fork(entry, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
  return { child, ready: await nextMessage<T>(child, `${entry}, before it was ready,`) };
}

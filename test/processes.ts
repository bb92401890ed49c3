import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

// What a test sees of the processes a run started, from Linux's /proc.

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const pids = () => readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number);

/** A file's text, or '' when it is gone (a process that exited meanwhile). */
export const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

export const parentOf = (pid: number) => {
  const stat = read(`/proc/${pid}/stat`);
  return stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : -1;
};

export const cmdline = (pid: number) => read(`/proc/${pid}/cmdline`).replaceAll('\0', ' ');

/** A process that still runs (a zombie waiting for its parent to reap it runs no more). */
export const running = (pid: number) => {
  const stat = read(`/proc/${pid}/stat`);
  return stat !== '' && !stat.slice(stat.lastIndexOf(')')).startsWith(') Z');
};

/** Every process below `pid`. */
export function descendants(pid: number): number[] {
  const all = pids();
  const below = (parent: number): number[] => all.filter((child) => parentOf(child) === parent).flatMap((child) => [child, ...below(child)]);
  return below(pid);
}

/** The open file descriptors of `pid` ([] when it is gone). */
export const fdsOf = (pid: number) => {
  try {
    return readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
};

/** Where a descriptor's link points ('' when it is gone). */
export const linkOf = (path: string) => {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
};

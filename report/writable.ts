import { randomBytes } from 'node:crypto';
import { open, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** What an errno means to someone choosing where results go. */
const WHY: Record<string, string> = {
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  ENOTDIR: 'a part of the path is a file, not a folder',
};

const reasonOf = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return WHY[code] ? `${WHY[code]} (${code})` : (error as Error).message;
};

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Why files cannot be written into `dir` (made when missing), or undefined when they can. It creates and
 * removes a file there, since only a real write sees a read-only mount or a root-owned folder.
 */
export async function unwritableFolder(dir: string): Promise<string | undefined> {
  let existing = resolve(dir);
  try {
    let found = await statOrUndefined(existing);
    while (!found) {
      existing = dirname(existing);
      found = await statOrUndefined(existing);
    }
    if (!found.isDirectory()) return existing === resolve(dir) ? `${dir} is a file, not a folder` : `${existing} is a file, not a folder`;
    const probe = join(existing, `.fanout-probe.${process.pid}.${randomBytes(4).toString('hex')}`);
    await (await open(probe, 'wx')).close();
    await rm(probe, { force: true });
    return undefined;
  } catch (error) {
    return `${existing} cannot be written: ${reasonOf(error)}`;
  }
}

/** Why `file` cannot be written (atomically, by a rename beside it), or undefined when it can. */
export async function unwritableFile(file: string): Promise<string | undefined> {
  if (file.trim() === '') return 'the file name is empty';
  const found = await statOrUndefined(resolve(file)).catch(() => undefined);
  if (found?.isDirectory()) return `${file} is a folder; give a file name`;
  if (found && !found.isFile()) return `${file} is not a regular file (a device, a socket or a pipe)`;
  return unwritableFolder(dirname(resolve(file)));
}

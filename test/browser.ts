import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

// The Chromium the HTML report test opens its report in: CHROMIUM_PATH if set, else a system chromium on
// PATH, else the one @sparticuz/chromium ships in its tarball (a devDependency: unpacked to the temp
// folder in ~2 s), so `npm test` needs nothing but Node and npm.

function onPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(folder, name);
    if (folder !== '' && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The browser's path and where it came from, or why none can be had (one line). */
export async function chromiumPath(): Promise<{ path: string; from: string } | { missing: string }> {
  const given = process.env.CHROMIUM_PATH;
  if (given) return existsSync(given) ? { path: given, from: 'CHROMIUM_PATH' } : { missing: `CHROMIUM_PATH=${given} does not exist` };
  const system = onPath('chromium') ?? onPath('chromium-browser');
  if (system) return { path: system, from: 'PATH' };
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return { path: await packaged.executablePath(), from: '@sparticuz/chromium' };
  } catch (error) {
    return { missing: `no chromium on PATH and @sparticuz/chromium could not unpack its own: ${(error as Error).message.split('\n')[0]}` };
  }
}

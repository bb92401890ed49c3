import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { arch, cpus, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { CLIENTS } from '../clients/index.ts';
import type { Report } from './schema.ts';
import { PACKAGE_ROOT } from '../harness/module-path.ts';

const ROOT = PACKAGE_ROOT;
/**
 * fanout's own dependencies whose version can change a result, recorded in every report beside the
 * clients' libraries (which come from the client registry): the target's server (fastify), the
 * iteration timer (tinybench), the latency histogram (hdr-histogram-js), the limited-pool idiom
 * (p-limit), the table (cli-table3) and the TypeScript loader the sources may run under (tsx). No
 * registry lists these: each is used in one place of its own, so this short list is their one home.
 */
const HARNESS_PACKAGES = ['fastify', 'tinybench', 'hdr-histogram-js', 'p-limit', 'cli-table3', 'tsx'];

/**
 * The version of the package Node would load for fanout: in the checkout's node_modules, or, for an
 * installed fanout, in the project's node_modules above it (npm hoists them there).
 */
async function packageVersion(name: string): Promise<string> {
  for (let dir = ROOT; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(await readFile(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
      return manifest.version;
    } catch {
      if (dirname(dir) === dir) return 'not installed';
    }
  }
}

async function gitSha(): Promise<string> {
  const git = promisify(execFile);
  try {
    const { stdout: sha } = await git('git', ['rev-parse', 'HEAD'], { cwd: ROOT });
    const { stdout: changes } = await git('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT });
    return sha.trim() + (changes.trim() ? '-dirty' : '');
  } catch {
    return 'unknown';
  }
}

/** Where a report was made: results from different machines or versions are not comparable as-is. */
export async function collectEnvironment(): Promise<Report['meta']> {
  const versions: Record<string, string> = {};
  const clientPackages = CLIENTS.flatMap((client) => (client.package === undefined ? [] : [client.package]));
  for (const name of new Set([...clientPackages, ...HARNESS_PACKAGES])) versions[name] = await packageVersion(name);
  // A library inside Node (fetch's undici) is not the package of the same name above.
  for (const { name, bundled } of CLIENTS) {
    if (bundled !== undefined) versions[`${bundled} (bundled with node, under ${name})`] = (process.versions as Record<string, string | undefined>)[bundled] ?? 'unknown';
  }
  const cpuList = cpus();
  return {
    createdAt: new Date().toISOString(),
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    gitSha: await gitSha(),
    versions,
  };
}

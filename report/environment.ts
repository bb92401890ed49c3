import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { arch, cpus, platform } from 'node:os';
import { promisify } from 'node:util';
import type { Report } from './schema.ts';
import { PACKAGE_ROOT } from '../harness/module-path.ts';

const ROOT = PACKAGE_ROOT;
/** Libraries whose version can change a result, recorded in every report. */
const RECORDED_PACKAGES = ['undici', 'axios', 'got', 'fastify', 'tinybench', 'hdr-histogram-js', 'p-limit', 'cli-table3', 'tsx'];

async function packageVersion(name: string): Promise<string> {
  try {
    const manifest = JSON.parse(await readFile(`${ROOT}node_modules/${name}/package.json`, 'utf8')) as { version: string };
    return manifest.version;
  } catch {
    return 'not installed';
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
  for (const name of RECORDED_PACKAGES) versions[name] = await packageVersion(name);
  // Node's global fetch runs on the undici bundled with Node, not on the package above.
  versions['undici (bundled with node, under fetch)'] = process.versions.undici ?? 'unknown';
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

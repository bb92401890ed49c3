import { Worker, type WorkerOptions } from 'node:worker_threads';

const TSX_API = import.meta.resolve('tsx/esm/api');

/**
 * Starts a worker thread on a TypeScript module. On Node 20 the tsx loader this process runs under is not
 * active inside workers, so a one-line bootstrap registers it before importing the module.
 */
export function startTypeScriptWorker(module: URL, options: WorkerOptions): Worker {
  const bootstrap =
    `import(${JSON.stringify(TSX_API)})` +
    `.then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

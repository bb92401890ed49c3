import { Worker, type WorkerOptions } from 'node:worker_threads';


/**
 * Starts a worker thread on a module of this project. From the sources it is TypeScript, and on Node 20
 * the tsx loader this process runs under is not active inside workers, so a one-line bootstrap
 * registers it before importing the module; the build in dist/ is plain JavaScript and starts as it is.
 */
export function startTypeScriptWorker(module: URL, options: WorkerOptions): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module, options);
  const bootstrap =
    `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})` +
    `.then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

import { fileURLToPath } from 'node:url';

/**
 * A module beside the caller, in the caller's own form: `.ts` when running from the sources (tsx), `.js`
 * when running the build in dist/. `name` is written without an extension.
 */
export function siblingModule(name: string, callerUrl: string): URL {
  const extension = callerUrl.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`${name}${extension}`, callerUrl);
}

export const siblingModulePath = (name: string, callerUrl: string): string => fileURLToPath(siblingModule(name, callerUrl));

/** The checkout (or installed package) this module belongs to, from the sources or from dist/ alike. */
export const PACKAGE_ROOT = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '..' : '../..', import.meta.url));

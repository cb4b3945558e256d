// Node's own import(), for the shell tests: this file is external to vitest's module runner
// (vitest.config.ts), so what it imports is loaded by Node, through the registered hooks.
export const nativeImport = (url) => import(url);

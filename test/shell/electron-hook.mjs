// Module-resolution hook (node:module register): `electron` resolves to the recording stand-in,
// so the built shell runs in plain Node unchanged. Tests only.
const STAND_IN = new URL('./electron-stand-in.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: STAND_IN, shortCircuit: true };
  return nextResolve(specifier, context);
}

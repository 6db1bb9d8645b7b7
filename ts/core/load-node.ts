// Node-only: load wasm/uring.wasm from beside the package. Not imported by browser-safe entry points.
import { readFileSync } from 'node:fs';
import { type Core, instantiateCoreSync } from './core.ts';

export const WASM_URL = new URL('../../wasm/uring.wasm', import.meta.url);

let module: WebAssembly.Module | undefined;

/** A fresh core instance (its own memory) from the packaged wasm; the module is compiled once. */
export function loadCore(): Core {
  module ??= new WebAssembly.Module(readFileSync(WASM_URL));
  return instantiateCoreSync(module);
}

// Node-only: the WASM core for the kernel side. By default wasm/uring.wasm is read from beside this module
// (the same relative path from the sources and from the compiled dist/); a bundled app, whose modules are no
// longer beside that file, hands the core over with useWasm(). Not imported by browser-safe entry points.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Core, WASM, instantiateCoreSync, type WasmBytes, type WasmModule } from './core.ts';

export const WASM_URL = new URL('../../wasm/uring.wasm', import.meta.url);

let module: WasmModule | undefined;

/** Where the cores made from now on come from: the bytes of uring.wasm (e.g. `wasmBytes()` from
 *  'uring/wasm-inline'), a compiled WebAssembly.Module, or the file's path or file: URL. For bundled apps, where
 *  the default file beside the package's modules is not there. Compiles at once, so bad bytes throw here. */
export function useWasm(wasm: WasmBytes | WasmModule | URL | string): void {
  let m: WasmModule;
  if (wasm instanceof WASM.Module) m = wasm;
  else if (typeof wasm === 'string' || wasm instanceof URL) m = compile(readWasm(wasm, ''), String(wasm));
  else if (wasm instanceof ArrayBuffer || ArrayBuffer.isView(wasm)) m = compile(wasm, 'the given bytes');
  else
    throw new TypeError(
      'useWasm: wasm must be the bytes of uring.wasm, a WebAssembly.Module, or its path or file: URL',
    );
  module = m;
}

function readWasm(at: URL | string, hint: string): Uint8Array {
  try {
    return readFileSync(at);
  } catch (e) {
    const where = at instanceof URL && at.protocol === 'file:' ? fileURLToPath(at) : String(at);
    const code = (e as { code?: string }).code ?? (e as Error).message;
    throw new Error(`uring: cannot read the WASM core ${where} (${code})${hint}`, { cause: e });
  }
}

const BUNDLED_HINT =
  ". In an app bundled into one file, hand the core over before the first ring: import { wasmBytes } from 'uring/wasm-inline' " +
  'and call useWasm(wasmBytes()), or ship uring.wasm beside the bundle and call useWasm(itsPath)';

function compile(bytes: WasmBytes, what: string): WasmModule {
  try {
    return new WASM.Module(bytes);
  } catch (e) {
    throw new TypeError(`useWasm: ${what} is not a WebAssembly module: ${(e as Error).message}`, { cause: e });
  }
}

/** A fresh core instance (its own memory); the module is compiled once. */
export function loadCore(): Core {
  module ??= new WASM.Module(readWasm(WASM_URL, BUNDLED_HINT));
  return instantiateCoreSync(module);
}

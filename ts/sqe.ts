/**
 * `uring/sqe`: encode any op to bytes and decode bytes to a readable op, with the layout tables.
 * Browser-safe: pass the bytes (or a compiled module) of `wasm/uring.wasm` to {@link createEncoder}.
 * @module uring/sqe
 */
import { instantiateCore, type WasmBytes, type WasmModule } from './core/core.ts';
import { SqeEncoder } from './sqe/encoder.ts';

export { SqeEncoder } from './sqe/encoder.ts';
export type { Builders } from './sqe/encoder.ts';
export type { Options as EncodeOptions } from './sqe/encode.ts';
export type { Decoded } from './sqe/decode.ts';
export { OPS, ALL_OPS, OPS_BY_OPCODE, BUILDERS } from './ops/index.ts';
export type { OpsTable, BuilderName } from './ops/index.ts';
export type { OpSpec, ArgSpec, OptionsOf, CommonOptions } from './sqe/spec.ts';
export type { Kind, Domain, U64Like } from './sqe/kinds.ts';
export { SQE_FIELDS, type SqeField } from './sqe/fields.ts';
export * from './constants.ts';
export { Core, instantiateCore, instantiateCoreSync } from './core/core.ts';
export type { CoreExports, WasmBytes, WasmInstance, WasmMemory, WasmModule } from './core/core.ts';

/** Instantiate the core from wasm bytes (e.g. `await (await fetch(url)).arrayBuffer()`) and wrap it. */
export async function createEncoder(wasm: WasmBytes | WasmModule): Promise<SqeEncoder> {
  return new SqeEncoder(await instantiateCore(wasm));
}

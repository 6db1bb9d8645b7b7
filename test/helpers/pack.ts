// The independent statement of the SQE layout (kernel uapi; docs/abi.md) lives in the browser-safe
// ts/sqe/abi-table.ts, shared with the fuzzer and the web page; golden vectors build their expected bytes
// with it, without asking the core where anything goes.
export { SQE_LAYOUT, packSqe } from '../../ts/sqe/abi-table.ts';

export function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

// The core's struct layout and constant tables (core-c/layout.c, core-c/consts.c) as plain objects.
// Browser-safe: no node:* imports.
import type { Core } from './core/core.ts';

export interface FieldLayout {
  offset: number;
  size: number;
}
/** One struct: its size and its fields (union members each have one) in declaration order. A field size
 *  of 0 marks a variable-length trailing array. */
export interface StructLayout {
  size: number;
  fields: Record<string, FieldLayout>;
}
export type LayoutTables = Record<string, StructLayout>;

/** A named constant: the kernel's name (IORING_SETUP_SQPOLL; our URING_* name when the kernel has none),
 *  the C name in core-c/abi/ and the value (a number, or a bigint when not a safe integer). */
export interface ConstEntry {
  name: string;
  cname: string;
  value: number | bigint;
}

type U32Fn = (...a: number[]) => number;

/** Every struct the core defines, by its short name (sqe, cqe, params, sqring_offsets, iovec, ...). */
export function layoutTables(core: Core): LayoutTables {
  const count = core.fn<U32Fn>('layout_struct_count');
  const sname = core.fn<U32Fn>('layout_struct_name');
  const ssize = core.fn<U32Fn>('layout_struct_size');
  const fcount = core.fn<U32Fn>('layout_field_count');
  const fname = core.fn<U32Fn>('layout_field_name');
  const foff = core.fn<U32Fn>('layout_field_offset');
  const fsize = core.fn<U32Fn>('layout_field_size');
  const out: LayoutTables = {};
  const n = count();
  for (let s = 0; s < n; s++) {
    const fields: Record<string, FieldLayout> = {};
    const nf = fcount(s);
    for (let f = 0; f < nf; f++) fields[core.cstring(fname(s, f))] = { offset: foff(s, f), size: fsize(s, f) };
    out[core.cstring(sname(s))] = { size: ssize(s), fields };
  }
  return out;
}

/** Every named constant of core-c/abi/, in table order. */
export function constantEntries(core: Core): ConstEntry[] {
  const count = core.fn<U32Fn>('const_count');
  const name = core.fn<U32Fn>('const_name');
  const cname = core.fn<U32Fn>('const_cname');
  const lo = core.fn<U32Fn>('const_lo');
  const hi = core.fn<U32Fn>('const_hi');
  const signed = core.fn<U32Fn>('const_signed');
  const out: ConstEntry[] = [];
  const n = count();
  for (let i = 0; i < n; i++) {
    let v = (BigInt(hi(i) >>> 0) << 32n) | BigInt(lo(i) >>> 0);
    if (signed(i)) v = BigInt.asIntN(64, v);
    const value = v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    out.push({ name: core.cstring(name(i)), cname: core.cstring(cname(i)), value });
  }
  return out;
}

/** The constants as { kernel name: value }. */
export function constantsTable(core: Core): Record<string, number | bigint> {
  const out: Record<string, number | bigint> = {};
  for (const e of constantEntries(core)) out[e.name] = e.value;
  return out;
}

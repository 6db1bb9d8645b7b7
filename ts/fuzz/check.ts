// One fuzz case, checked three ways: the decoder gives back what was encoded (decode(encode(x)) = x, and
// re-encoding the decoded form gives the same bytes), no byte outside the op's fields is set (the decoder's
// `stray`, and independently by the hand-written ABI table), and every field holds what it should where
// the kernel's SQE layout puts it (the whole SQE rebuilt from the spec and the independent table, byte for byte).
// Browser-safe: used by the web page's fuzzer and by the Node tests.
import { FILE_INDEX_ALLOC } from '../constants.ts';
import type { Decoded } from '../sqe/decode.ts';
import type { SqeEncoder } from '../sqe/encoder.ts';
import { canonical } from '../sqe/kinds.ts';
import type { ArgSpec, OpSpec } from '../sqe/spec.ts';
import { SQE_LAYOUT, SQE_SIGNED } from '../sqe/abi-table.ts';
import { sqeFields } from '../sqe/fields.ts';
import type { Core } from '../core/core.ts';
import { toHex } from './hex.ts';
import type { Opts } from './sample.ts';

export interface CaseResult {
  problems: string[];
  bytes?: Uint8Array;
  decoded?: Decoded;
  /** The bytes the independent table says the op must be. */
  expected?: Uint8Array;
}

const COMMON = ['opcode', 'flags', 'user_data', 'personality'];

function argsOf(spec: OpSpec) {
  return [...Object.entries(spec.args), ...Object.entries(spec.extra ?? {})];
}

function show(v: unknown): string {
  return typeof v === 'bigint' ? `${v}n` : String(v);
}

/** What an argument stores in its field: a 32-bit value travels as a u32 (liburing's `(__u32)` casts),
 *  so a negative i32 in a 64-bit field is zero-extended; 64-bit values are stored as u64; a direct-descriptor
 *  slot is stored +1, IORING_FILE_INDEX_ALLOC as is. */
function fieldValue(a: ArgSpec, v: number | bigint): number | bigint {
  const c = canonical(a.kind, v);
  if (a.kind.words === 1) {
    const u = Number(c) >>> 0;
    return a.slotPlusOne && u !== FILE_INDEX_ALLOC ? u + 1 : u;
  }
  return a.slotPlusOne && c !== BigInt(FILE_INDEX_ALLOC) ? BigInt(c) + 1n : c;
}

function at(name: string, spec: OpSpec): readonly [number, number] {
  const a = SQE_LAYOUT[name];
  if (!a) throw new Error(`${spec.name}: field ${name} is not in the ABI table`);
  return a;
}

/** OR `v` into `out` at [off, off+size), little-endian, two's complement of the field's width. Throws when
 *  the value does not fit the field. */
function orField(out: Uint8Array, name: string, off: number, size: number, v: number | bigint): void {
  if (typeof v === 'number' && size <= 4 && Number.isInteger(v)) {
    const lim = 2 ** (size * 8);
    if (v < -lim || v >= lim) throw new RangeError(`${name} = ${v} does not fit in ${size} bytes`);
    let u = v < 0 ? v + lim : v;
    for (let i = 0; i < size; i++) {
      out[off + i]! |= u & 0xff;
      u = Math.floor(u / 256);
    }
    return;
  }
  const bits = BigInt(size * 8);
  let b = BigInt(v);
  if (b < -(1n << bits) || b >= 1n << bits) throw new RangeError(`${name} = ${v} does not fit in ${size} bytes`);
  if (b < 0n) b += 1n << bits;
  let lo = Number(b & 0xffffffffn),
    hi = Number(b >> 32n);
  for (let i = 0; i < size; i++) {
    out[off + i]! |= lo & 0xff;
    lo = (lo >>> 8) | ((hi & 0xff) << 24);
    hi >>>= 8;
  }
}

interface Plan {
  size: number;
  fixed: [string, number, number, number | bigint][];
  args: [string, ArgSpec, number, number][];
  extra: [string, ArgSpec, number, number][];
  own: Uint8Array;
  ownBg: Uint8Array;
}
const plans = new WeakMap<OpSpec, Plan>();

/** Where each of the spec's fields goes by the independent table, worked out once per spec. */
function plan(spec: OpSpec): Plan {
  let p = plans.get(spec);
  if (p) return p;
  const size = spec.sqe128 ? 128 : 64;
  const own = new Uint8Array(size);
  const mark = (f: string) => {
    const [o, n] = at(f, spec);
    own.fill(1, o, o + n);
  };
  COMMON.forEach(mark);
  for (const [, a] of argsOf(spec)) mark(a.slot);
  for (const f of Object.keys(spec.fixed ?? {})) mark(f);
  const ownBg = own.slice();
  {
    const [o, n] = at('buf_group', spec);
    ownBg.fill(1, o, o + n);
  }
  p = {
    size,
    fixed: Object.entries(spec.fixed ?? {}).map(([f, v]) => [f, ...at(f, spec), v as number | bigint]),
    args: Object.entries(spec.args).map(([n, a]) => [n, a, ...at(a.slot, spec)]),
    extra: Object.entries(spec.extra ?? {}).map(([n, a]) => [n, a, ...at(a.slot, spec)]),
    own,
    ownBg,
  };
  plans.set(spec, p);
  return p;
}

const UD = SQE_LAYOUT.user_data!,
  FL = SQE_LAYOUT.flags!,
  PERS = SQE_LAYOUT.personality!,
  BG = SQE_LAYOUT.buf_group!;

/** The SQE the spec describes for `opts`, built only from the spec and the hand-written ABI table:
 *  opcode, fixed values, each argument in its slot, fixed bits OR-ed into a shared field, then the
 *  common tail (flags OR-ed, user_data, personality and buf_group when given). */
export function expectedSqe(spec: OpSpec, opts: Readonly<Opts>): Uint8Array {
  const p = plan(spec);
  const out = new Uint8Array(p.size);
  orField(out, 'opcode', SQE_LAYOUT.opcode![0], SQE_LAYOUT.opcode![1], spec.opcode);
  for (const [f, o, n, v] of p.fixed) orField(out, f, o, n, v);
  for (const [name, a, o, n] of p.args) orField(out, a.slot, o, n, fieldValue(a, opts[name] ?? 0));
  for (const [name, a, o, n] of p.extra)
    if (opts[name] !== undefined) orField(out, a.slot, o, n, fieldValue(a, opts[name]!));
  orField(out, 'flags', FL[0], FL[1], opts.flags ?? 0);
  orField(out, 'user_data', UD[0], UD[1], BigInt.asUintN(64, BigInt(opts.userData ?? 0)));
  if (opts.personality) orField(out, 'personality', PERS[0], PERS[1], opts.personality);
  if (opts.bufGroup) orField(out, 'buf_group', BG[0], BG[1], opts.bufGroup);
  return out;
}

/** Bytes the op may set (1) by the independent table: its slots, fixed fields and the common ones. */
export function ownedBytes(spec: OpSpec, opts: Readonly<Opts>): Uint8Array {
  const p = plan(spec);
  return opts.bufGroup ? p.ownBg : p.own;
}

/** Name the independent-table fields covering byte `i`, for messages ("len", "off/addr2/cmd_op"). */
export function fieldsAt(i: number): string {
  const names = Object.entries(SQE_LAYOUT)
    .filter(([, [o, s]]) => i >= o && i < o + s)
    .map(([n]) => n);
  return names.length ? names.join('/') : i >= 64 ? 'cmd (SQE128 tail)' : '?';
}

/** Encode `opts` with `spec` through the core and check the result; `problems` is empty when it holds. */
export function checkCase(enc: SqeEncoder, spec: OpSpec, opts: Readonly<Opts>): CaseResult {
  const problems: string[] = [];
  let bytes: Uint8Array;
  try {
    bytes = enc.encode(spec, opts);
  } catch (e) {
    return { problems: [`encode threw on valid input: ${(e as Error).message}`] };
  }
  const size = spec.sqe128 ? 128 : 64;
  if (bytes.length !== size) problems.push(`length ${bytes.length}, want ${size}`);

  // 1. decode(encode(x)) = x
  let d: Decoded | undefined;
  try {
    d = enc.decode(bytes);
  } catch (e) {
    problems.push(`decode threw: ${(e as Error).message}`);
  }
  if (d) {
    if (d.name !== spec.name) problems.push(`decoded as ${d.name ?? `unknown opcode ${d.opcode}`}, want ${spec.name}`);
    else {
      for (const [name, a] of argsOf(spec)) {
        const want = canonical(a.kind, opts[name] ?? 0);
        const got = d.args[name] ?? canonical(a.kind, 0);
        if (got !== want) problems.push(`${name}: decoded ${show(got)}, encoded ${show(want)}`);
      }
    }
    const ud = BigInt.asUintN(64, BigInt(opts.userData ?? 0));
    if (d.userData !== ud) problems.push(`userData: decoded ${d.userData}, encoded ${ud}`);
    if (d.personality !== Number(opts.personality ?? 0))
      problems.push(`personality: decoded ${d.personality}, encoded ${opts.personality ?? 0}`);
    if (d.bufGroup !== Number(opts.bufGroup ?? 0))
      problems.push(`bufGroup: decoded ${d.bufGroup}, encoded ${opts.bufGroup ?? 0}`);
    const fixedFlags = Number(spec.fixed?.flags ?? 0);
    if (d.flags !== (Number(opts.flags ?? 0) | fixedFlags))
      problems.push(`flags: decoded ${d.flags}, encoded ${opts.flags ?? 0} | fixed ${fixedFlags}`);
    // 2. stray bytes, as the decoder sees them
    if (d.stray.length) problems.push(`decoder reports stray bytes at ${d.stray.join(',')}`);
    // re-encoding the decoded form gives the same bytes
    if (d.name === spec.name && !problems.length) {
      try {
        const again = enc.encode(spec, {
          ...d.args,
          userData: d.userData,
          flags: d.flags & ~fixedFlags,
          personality: d.personality,
          bufGroup: d.bufGroup,
        });
        if (toHex(again) !== toHex(bytes)) problems.push(`re-encoding the decoded form differs: ${toHex(again)}`);
      } catch (e) {
        problems.push(`re-encoding the decoded form threw: ${(e as Error).message}`);
      }
    }
  }

  // 3. independent: nothing outside the op's fields (and the SQE128 tail stays zero)
  const own = ownedBytes(spec, opts);
  const outside: number[] = [];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0 && !own[i]) outside.push(i);
  if (outside.length)
    problems.push(
      `non-zero bytes outside the op's fields (ABI table): ${outside.map((i) => `${i} (${fieldsAt(i)})`).join(', ')}`,
    );

  // 4. independent: every field where the ABI table puts it, with the value the spec says
  let expected: Uint8Array | undefined;
  try {
    expected = expectedSqe(spec, opts);
  } catch (e) {
    problems.push(`spec cannot be laid out by the ABI table: ${(e as Error).message}`);
  }
  if (expected && bytes.length === expected.length) {
    const diff: number[] = [];
    for (let i = 0; i < bytes.length; i++) if (bytes[i] !== expected[i]) diff.push(i);
    if (diff.length) {
      const where = [...new Set(diff.map(fieldsAt))].join(', ');
      problems.push(
        `bytes differ from the ABI table's layout at ${diff.join(',')} (${where}); want ${toHex(expected)}`,
      );
    }
  }
  const r: CaseResult = { problems, bytes };
  if (d) r.decoded = d;
  if (expected) r.expected = expected;
  return r;
}

export interface FieldRow {
  name: string;
  core?: { offset: number; size: number; signed: boolean };
  spec?: { offset: number; size: number; signed: boolean };
  /** Both tables have the field and agree; `undefined` when only the independent table has it. */
  ok: boolean | undefined;
}

/** The core's SQE field table (core-c/sqe_fields.c) against the independent ABI table, row by row.
 *  Core fields missing from the ABI table or placed elsewhere are failures; union members only the ABI
 *  table names (addr2, splice_fd_in, ...) are listed with ok undefined. */
export function compareFieldTables(core: Core): FieldRow[] {
  const rows: FieldRow[] = [];
  const table = sqeFields(core);
  for (const [name, f] of table) {
    const at = SQE_LAYOUT[name];
    const row: FieldRow = { name, core: { offset: f.offset, size: f.size, signed: f.signed }, ok: false };
    if (at) {
      row.spec = { offset: at[0], size: at[1], signed: SQE_SIGNED.has(name) };
      row.ok = at[0] === f.offset && at[1] === f.size && SQE_SIGNED.has(name) === f.signed;
    }
    rows.push(row);
  }
  for (const [name, at] of Object.entries(SQE_LAYOUT)) {
    if (table.has(name as never)) continue;
    rows.push({ name, spec: { offset: at[0], size: at[1], signed: SQE_SIGNED.has(name) }, ok: undefined });
  }
  return rows.sort((a, b) => (a.core ?? a.spec)!.offset - (b.core ?? b.spec)!.offset);
}

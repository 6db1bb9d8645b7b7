// The disassembler: SQE bytes back to the op, its variant and every field under its op-specific name.
// Reads bytes by the core's field table; the variant is the most specific spec of the opcode whose fixed
// values hold and whose fields cover every non-zero byte.
import type { Core } from '../core/core.ts';
import { IOSQE, OP_NAMES, FILE_INDEX_ALLOC } from '../constants.ts';
import { sqeFields, readField, type SqeField, type FieldInfo } from './fields.ts';
import type { OpSpec } from './spec.ts';
import type { Kind } from './kinds.ts';
import { OPS_BY_OPCODE } from '../ops/index.ts';

/** An SQE disassembled ({@link SqeEncoder.decode}). */
export interface Decoded {
  /** Builder name of the matched variant, e.g. "acceptMultishot"; undefined for an unknown opcode. */
  name: string | undefined;
  opcode: number;
  /** Kernel name of the opcode, e.g. "ACCEPT". */
  opName: string;
  /** The builder's arguments as they would be passed to it again. */
  args: Record<string, number | bigint>;
  userData: bigint;
  flags: number;
  personality: number;
  bufGroup: number;
  /** Every raw field with its value (union members each under their own name). */
  raw: Record<SqeField, number | bigint>;
  /** Byte ranges [start, end) owned by the op's arguments and fixed fields, by argument name. */
  spans: Record<string, [number, number]>;
  /** One line: "read fd=3 buf=0x1000 nbytes=4096 offset=0 user_data=7"; addresses in hex, modes in octal. */
  text: string;
  /** Bytes that are non-zero but belong to no field of the matched spec. */
  stray: number[];
}

const COMMON: SqeField[] = ['opcode', 'flags', 'user_data', 'personality'];

function isZero(v: number | bigint): boolean {
  return v === 0 || v === 0n;
}

/** A field's value as the decoder writes it: addresses (kind radix 16) always in hex, file modes (radix 8) in
 *  octal (0o644, as typed), other values in decimal up to 0xffff and hex past it. The page and the CLI use it
 *  too, so what they show parses back to the same value. */
export function formatValue(v: number | bigint, kind?: Pick<Kind, 'radix'>): string {
  const b = typeof v === 'bigint' ? v : BigInt(v);
  if (b < 0n) return String(b);
  if (kind?.radix === 8) return `0o${b.toString(8)}`;
  return kind?.radix === 16 || b > 0xffffn ? `0x${b.toString(16)}` : String(b);
}

const fmt = (v: number | bigint) => formatValue(v);

/** Bytes [offset, offset+size) of each field the spec uses, common fields included. */
function ownedBytes(spec: OpSpec, fields: Map<SqeField, FieldInfo>, bufSelect: boolean): Uint8Array {
  const own = new Uint8Array(64);
  const mark = (f: SqeField) => {
    const i = fields.get(f)!;
    own.fill(1, i.offset, i.offset + i.size);
  };
  for (const f of COMMON) mark(f);
  if (bufSelect) mark('buf_index');
  for (const a of Object.values(spec.args)) mark(a.slot);
  for (const a of Object.values(spec.extra ?? {})) mark(a.slot);
  for (const f of Object.keys(spec.fixed ?? {}) as SqeField[]) mark(f);
  return own;
}

function slotArgs(spec: OpSpec): Map<SqeField, true> {
  const m = new Map<SqeField, true>();
  for (const a of Object.values(spec.args)) m.set(a.slot, true);
  for (const a of Object.values(spec.extra ?? {})) m.set(a.slot, true);
  return m;
}

/** Does the spec's fixed part hold for these raw values? */
function fixedHolds(spec: OpSpec, raw: Record<SqeField, number | bigint>): boolean {
  const shared = slotArgs(spec);
  for (const [f, want] of Object.entries(spec.fixed ?? {}) as [SqeField, number | bigint][]) {
    const have = raw[f];
    // IOSQE flags the prep sets (read_multishot's BUFFER_SELECT) combine with the caller's: bits too.
    if (shared.has(f) || f === 'flags') {
      if ((BigInt(have) & BigInt(want)) !== BigInt(want)) return false;
    } else if (BigInt(have) !== BigInt(want)) return false;
  }
  return true;
}

function strayBytes(bytes: Uint8Array, own: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < 64; i++) if (bytes[i] !== 0 && !own[i]) out.push(i);
  return out;
}

function popcount(v: bigint): number {
  let n = 0;
  for (; v; v >>= 1n) n += Number(v & 1n);
  return n;
}

function toBig(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(v >>> 0);
}

/** Decode one SQE (64 bytes; the first 64 of a 128-byte SQE). */
export function decodeSqe(core: Core, bytes: Uint8Array): Decoded {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`decode: bytes must be a Uint8Array, got ${typeof bytes}`);
  if (bytes.length !== 64 && bytes.length !== 128)
    throw new RangeError(`decode: bytes must be 64 or 128 bytes long, got ${bytes.length}`);
  const fields = sqeFields(core);
  const raw = {} as Record<SqeField, number | bigint>;
  for (const [name, f] of fields) raw[name] = readField(bytes, f);
  const opcode = raw.opcode as number;
  const flags = raw.flags as number;
  const bufSelect = (flags & IOSQE.BUFFER_SELECT) !== 0;
  const candidates = OPS_BY_OPCODE.get(opcode) ?? [];
  let best: OpSpec | undefined;
  let bestScore = -Infinity;
  for (const spec of candidates) {
    if (!fixedHolds(spec, raw)) continue;
    const stray = strayBytes(bytes.subarray(0, 64), ownedBytes(spec, fields, bufSelect)).length;
    // Fewer stray bytes first, then the most fixed fields, then the most fixed bits (UPDATE|LINK_TIMEOUT_UPDATE
    // beats UPDATE), then the fewest arguments.
    const fixedVals = Object.values(spec.fixed ?? {}) as (number | bigint)[];
    const bits = fixedVals.reduce<number>((n, v) => n + popcount(BigInt.asUintN(64, BigInt(v))), 0);
    const score = -stray * 100000 + fixedVals.length * 1000 + bits * 10 - Object.keys(spec.args).length;
    if (score > bestScore) {
      best = spec;
      bestScore = score;
    }
  }
  const args: Record<string, number | bigint> = {};
  const spans: Record<string, [number, number]> = {};
  let stray: number[];
  const opName = OP_NAMES[opcode] ?? `OP_${opcode}`;
  const parts: string[] = [best?.name ?? opName.toLowerCase()];
  if (best) {
    const fixed = best.fixed ?? {};
    for (const [name, a] of [...Object.entries(best.args), ...Object.entries(best.extra ?? {})]) {
      const f = fields.get(a.slot)!;
      let v = raw[a.slot];
      const bits = (fixed as Record<string, number | bigint>)[a.slot];
      if (bits !== undefined) v = typeof v === 'bigint' ? v & ~BigInt(bits) : (v & ~Number(bits)) >>> 0;
      if (a.slotPlusOne && typeof v === 'number' && v !== 0 && v !== FILE_INDEX_ALLOC) v = v - 1;
      if (a.kind.words === 2) v = toBig(v);
      else v = a.kind.signed ? Number(v) | 0 : Number(v) >>> 0; // a 32-bit value may sit in an 8-byte field
      if (best.extra && name in best.extra && isZero(v)) continue;
      args[name] = v;
      spans[name] = [f.offset, f.offset + f.size];
      parts.push(`${name}=${formatValue(v, a.kind)}`);
    }
    stray = strayBytes(bytes.subarray(0, 64), ownedBytes(best, fields, bufSelect));
  } else {
    stray = [];
    for (const [name] of fields)
      if (!COMMON.includes(name) && !isZero(raw[name])) parts.push(`${name}=${fmt(raw[name])}`);
  }
  const userData = raw.user_data as bigint;
  if (flags) parts.push(`flags=${iosqeText(flags)}`);
  if (raw.personality) parts.push(`personality=${raw.personality}`);
  const bufGroup = bufSelect ? (raw.buf_index as number) : 0;
  if (bufGroup) parts.push(`buf_group=${bufGroup}`);
  parts.push(`user_data=${fmt(userData)}`);
  if (stray.length) parts.push(`!stray@${stray.join(',')}`);
  return {
    name: best?.name,
    opcode,
    opName,
    args,
    userData,
    flags,
    personality: raw.personality as number,
    bufGroup,
    raw,
    spans,
    text: parts.join(' '),
    stray,
  };
}

const IOSQE_NAMES = Object.entries(IOSQE).filter(([k]) => k !== 'ALL');

export function iosqeText(flags: number): string {
  const out: string[] = [];
  for (const [k, v] of IOSQE_NAMES) if (flags & v) out.push(k);
  if (flags & 0x80) out.push('0x80');
  return out.join('|');
}

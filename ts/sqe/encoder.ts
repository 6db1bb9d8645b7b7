// Encode ops to bytes and back, without a ring: the browser-safe face of the core (uring/sqe).
import type { Core } from '../core/core.ts';
import { BUILDERS, type OpsTable } from '../ops/index.ts';
import { decodeSqe, type Decoded } from './decode.ts';
import { encodeInto, type Options } from './encode.ts';
import { sqeFields, type SqeField } from './fields.ts';
import type { OpSpec, OptionsOf } from './spec.ts';
import { lo32, hi32 } from './kinds.ts';

/** {@link SqeEncoder.op}: one builder per op (and alias), each returning the SQE's bytes. */
export type Builders = { [K in keyof OpsTable]: (opts: OptionsOf<OpsTable[K]>) => Uint8Array };

/** Encodes ops to SQE bytes and decodes bytes back, without a ring (`uring/sqe`; made by {@link createEncoder}). */
export class SqeEncoder {
  readonly core: Core;
  /** One scratch SQE (128 bytes, enough for SQE128 ops) in core memory. */
  private readonly scratch: number;
  /** A builder per op, named like the op: `enc.op.read({ fd, buf, nbytes, offset })` returns the SQE bytes. */
  readonly op: Builders;

  constructor(core: Core) {
    this.core = core;
    this.scratch = core.alloc(128, 64);
    const op = {} as Record<string, (o: Options) => Uint8Array>;
    for (const [name, spec] of BUILDERS) op[name] = (o: Options) => this.encode(spec, o);
    this.op = op as unknown as Builders;
  }

  /** Encode op `spec` (or its builder name) with `opts`; 64 bytes, or 128 for an SQE128 op. */
  encode(spec: OpSpec | string, opts: Options): Uint8Array {
    const s = typeof spec === 'string' ? BUILDERS.get(spec) : spec;
    if (!s)
      throw new RangeError(`encode: unknown op ${JSON.stringify(spec)}; known: ${[...BUILDERS.keys()].join(', ')}`);
    const size = s.sqe128 ? 128 : 64;
    this.core.u8.fill(0, this.scratch, this.scratch + 128);
    encodeInto(this.core, s, this.scratch, opts);
    return this.core.u8.slice(this.scratch, this.scratch + size);
  }

  /** Write raw fields by their kernel names (the explorer's hex editor); unnamed bytes stay zero. */
  encodeRaw(fields: Partial<Record<SqeField, number | bigint>>): Uint8Array {
    const table = sqeFields(this.core);
    this.core.u8.fill(0, this.scratch, this.scratch + 128);
    for (const [name, v] of Object.entries(fields)) {
      const f = table.get(name as SqeField);
      if (!f) throw new RangeError(`encodeRaw: unknown SQE field ${JSON.stringify(name)}`);
      if (typeof v !== 'number' && typeof v !== 'bigint')
        throw new TypeError(`encodeRaw: ${name} must be a number or bigint`);
      const max = (1n << BigInt(f.size * 8)) - 1n;
      const min = f.signed ? -(1n << BigInt(f.size * 8 - 1)) : 0n;
      const b = BigInt(v);
      if ((typeof v === 'number' && !Number.isInteger(v)) || b < min || b > max)
        throw new RangeError(`encodeRaw: ${name} must be an integer in ${min}..${max}, got ${v}`);
      const u = b < 0n ? b + (1n << BigInt(f.size * 8)) : b;
      this.core.x.sqe_set_field(this.scratch, f.id, lo32(u), hi32(u));
    }
    return this.core.u8.slice(this.scratch, this.scratch + 64);
  }

  /** Disassemble 64 or 128 bytes of SQE: the op and variant, its arguments by name, every raw field, and a
   *  one-line text; fields set outside the op's own are listed as problems. */
  decode(bytes: Uint8Array): Decoded {
    return decodeSqe(this.core, bytes);
  }
}

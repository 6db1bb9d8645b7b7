// How an op is declared once: its builder's arguments (in the order of its C prep function), where each
// one lands in the SQE (which is also how the decoder names the field), the values the prep itself
// fixes, and the kernel version it needs. Builders, decoder, golden tests and the fuzzer all read these.
import { OP_NAMES, OP_SINCE } from '../constants.ts';
import type { Kind, U64Like } from './kinds.ts';
import type { SqeField } from './fields.ts';

/** One argument of a builder: how it is checked and which SQE field it lands in. */
export interface ArgSpec {
  readonly kind: Kind;
  /** The SQE field the value lands in; the decoder reads it back from there under the argument's name. */
  readonly slot: SqeField;
  /** Optional arguments default to 0. */
  readonly optional?: boolean;
  /** Direct-descriptor slot: the prep stores slot+1, and IORING_FILE_INDEX_ALLOC (2^32-1) as is. */
  readonly slotPlusOne?: boolean;
  /** A pointer argument's other forms in the Ring's safe `prep` (besides a Buffer/TypedArray/DataView):
   *  'cstring' also takes a string (passed NUL-terminated), 'iovecs' an array of views (the Ring builds the
   *  iovec array), 'untilClose' memory the kernel keeps after the CQE (provided buffers: kept until close). */
  readonly mem?: 'cstring' | 'iovecs' | 'untilClose';
  readonly doc?: string;
}

/** An op declared once: its builder, the core export that encodes it, where each argument lands, and the kernel
 *  version it needs. Builders, decoder, golden tests, fuzzers and the explorer all read these. */
export interface OpSpec {
  /** Builder name (camelCase), also the golden vector's and kernel test's name. */
  readonly name: string;
  /** Other names for the same builder: the seed's proc name or liburing's, where they differ. */
  readonly aliases?: readonly string[];
  /** The core export that encodes it: prep_<c name>. */
  readonly prep: string;
  readonly opcode: number;
  /** First kernel with this op or variant, e.g. "5.6": the opcode's version unless the declaration names a later one. */
  readonly since: string;
  /** Arguments in the C prep function's order. */
  readonly args: Readonly<Record<string, ArgSpec>>;
  /** Optional fields the C prep does not take, written after it (e.g. rw_flags of read). */
  readonly extra?: Readonly<Record<string, ArgSpec>>;
  /** Values the prep writes itself. Where an argument shares the field, these are bits OR-ed in. */
  readonly fixed?: Readonly<Partial<Record<SqeField, number | bigint>>>;
  /** The op needs a 128-byte SQE (SQE128 ring, or a mixed ring). */
  readonly sqe128?: boolean;
  readonly doc: string;
}

/** Options every builder takes besides its own arguments. */
export interface CommonOptions {
  /** Echoed in the op's CQE(s). */
  userData?: U64Like;
  /** IOSQE_* flags (link, drain, fixed file, buffer select, ...). */
  flags?: number;
  /** Registered credentials id. */
  personality?: number;
  /** Provided-buffer group, with IOSQE_BUFFER_SELECT. */
  bufGroup?: number;
}

// The parts of OptionsOf: required args, optional args, extra fields; a 2-word kind takes a number or bigint.
type ValueOf<K> = K extends { words: 2 } ? U64Like : number;
type Req<A> = {
  [K in keyof A as A[K] extends { optional: true } ? never : K]: A[K] extends { kind: infer T } ? ValueOf<T> : never;
};
type Opt<A> = {
  [K in keyof A as A[K] extends { optional: true } ? K : never]?: A[K] extends { kind: infer T } ? ValueOf<T> : never;
};
type Extra<A> = { [K in keyof A]?: A[K] extends { kind: infer T } ? ValueOf<T> : never };

/** The options object of the builder for spec S: its arguments (optional ones may be left out), its extra
 *  fields, and the {@link CommonOptions}. A 64-bit argument takes a number or a bigint. */
export type OptionsOf<S extends OpSpec> = Req<S['args']> &
  Opt<S['args']> &
  Extra<NonNullable<S['extra']>> &
  CommonOptions;

/** An op as a group file declares it: `since` is left out when it is the opcode's own version (OP_SINCE). */
export type OpDecl = Omit<OpSpec, 'since'> & { readonly since?: string };

/** Declare an op; `as const`-like inference keeps argument names for the builder's type. A variant newer than
 *  its opcode (a flag or field added later) states its own `since`. */
export function defineOp<const S extends OpDecl>(spec: S): S & { readonly since: string } {
  const name = OP_NAMES[spec.opcode];
  if (name === undefined) throw new RangeError(`${spec.name}: unknown opcode ${spec.opcode}`);
  return { ...spec, since: spec.since ?? OP_SINCE[name] };
}

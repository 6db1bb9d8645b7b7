// A seeded fuzzing campaign over every op: case i of campaign seed S has its own seed caseSeed(S, i),
// which alone picks the op and its random valid options, so any counterexample replays from one number.
// Runs in slices (`run(n)`) so a page can show progress between them. Browser-safe.
import { ALL_OPS } from '../ops/index.ts';
import type { SqeEncoder } from '../sqe/encoder.ts';
import type { OpSpec } from '../sqe/spec.ts';
import { checkCase, compareFieldTables, type CaseResult, type FieldRow } from './check.ts';
import { toHex } from './hex.ts';
import { caseSeed, rng } from './rng.ts';
import { sampleOptions, type Opts } from './sample.ts';

export interface Counterexample {
  /** Replays the case: `replay(enc, seed)`. */
  seed: number;
  /** Case number in its campaign. */
  index: number;
  op: string;
  opts: Opts;
  hex: string;
  /** What the decoder made of the bytes, if it could. */
  text?: string;
  problems: string[];
}

export interface OpCount {
  runs: number;
  fails: number;
}

export interface CampaignConfig {
  seed: number;
  /** Number of cases (encodings) to run. */
  total: number;
  /** Ops to draw from; every spec by default. */
  ops?: readonly OpSpec[];
  /** Counterexamples kept (all are counted). */
  keep?: number;
}

/** The op and options of the case with this seed. */
export function generateCase(seed: number, ops: readonly OpSpec[] = ALL_OPS): { spec: OpSpec; opts: Opts } {
  if (!ops.length) throw new RangeError('no ops to fuzz');
  const r = rng(seed);
  const spec = ops[Math.floor(r() * ops.length)]!;
  return { spec, opts: sampleOptions(spec, r) };
}

/** Run the case with this seed again (the fuzzer's replay box). */
export function replay(
  enc: SqeEncoder,
  seed: number,
  ops: readonly OpSpec[] = ALL_OPS,
): { spec: OpSpec; opts: Opts; result: CaseResult } {
  const { spec, opts } = generateCase(seed, ops);
  return { spec, opts, result: checkCase(enc, spec, opts) };
}

export class Campaign {
  readonly seed: number;
  readonly total: number;
  readonly ops: readonly OpSpec[];
  readonly keep: number;
  done = 0;
  failed = 0;
  readonly counterexamples: Counterexample[] = [];
  readonly perOp = new Map<string, OpCount>();
  /** The core's field table against the independent ABI table, checked once at the start. */
  readonly fieldRows: FieldRow[];
  readonly tableFailures: string[];
  /** Milliseconds spent inside run(). */
  elapsed = 0;
  /** FNV-1a (u32) over every encoded byte, in case order: equal in Node and a browser for equal seeds. */
  digest = 0x811c9dc5;

  constructor(
    private readonly enc: SqeEncoder,
    cfg: CampaignConfig,
  ) {
    if (!Number.isInteger(cfg.seed) || cfg.seed < 0 || cfg.seed > 0xffffffff)
      throw new RangeError(`campaign seed must be a u32, got ${cfg.seed}`);
    if (!Number.isSafeInteger(cfg.total) || cfg.total < 0)
      throw new RangeError(`campaign total must be a non-negative integer, got ${cfg.total}`);
    this.seed = cfg.seed;
    this.total = cfg.total;
    this.ops = cfg.ops ?? ALL_OPS;
    this.keep = cfg.keep ?? 50;
    for (const s of this.ops) this.perOp.set(s.name, { runs: 0, fails: 0 });
    this.fieldRows = compareFieldTables(enc.core);
    this.tableFailures = this.fieldRows
      .filter((r) => r.ok === false)
      .map((r) =>
        r.spec
          ? `field ${r.name}: core @${r.core!.offset}+${r.core!.size}${r.core!.signed ? ' signed' : ''}, ABI table @${r.spec.offset}+${r.spec.size}${r.spec.signed ? ' signed' : ''}`
          : `field ${r.name}: in the core's table but not in the ABI table`,
      );
  }

  get finished(): boolean {
    return this.done >= this.total;
  }

  /** Encodings per second so far. */
  get rate(): number {
    return this.elapsed > 0 ? (this.done * 1000) / this.elapsed : 0;
  }

  /** Run up to `n` more cases; returns how many ran. */
  run(n: number): number {
    const t0 = performance.now();
    const end = Math.min(this.total, this.done + n);
    const ran = end - this.done;
    for (let i = this.done; i < end; i++) {
      const seed = caseSeed(this.seed, i);
      const { spec, opts } = generateCase(seed, this.ops);
      const res = checkCase(this.enc, spec, opts);
      const c = this.perOp.get(spec.name)!;
      c.runs++;
      if (res.bytes) {
        let d = this.digest;
        for (const b of res.bytes) d = Math.imul(d ^ b, 0x01000193);
        this.digest = d >>> 0;
      }
      if (res.problems.length) {
        c.fails++;
        this.failed++;
        if (this.counterexamples.length < this.keep) {
          const cx: Counterexample = {
            seed,
            index: i,
            op: spec.name,
            opts,
            hex: res.bytes ? toHex(res.bytes) : '',
            problems: res.problems,
          };
          if (res.decoded) cx.text = res.decoded.text;
          this.counterexamples.push(cx);
        }
      }
    }
    this.done = end;
    this.elapsed += performance.now() - t0;
    return ran;
  }
}

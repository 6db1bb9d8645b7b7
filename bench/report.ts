// What the async benchmarks (bench/echo.ts, bench/pipe-latency.ts) share: command-line flags, medians with their
// min–max spread, the table printer, and the header line naming the kernel and the IoUring in use.
import { cpus, loadavg, release } from 'node:os';
import { IoUring, SETUP } from '../shim/index.ts';

export const quick = process.argv.includes('--quick');

/** `--name N` as a positive integer (or `def`). */
export function intArg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1)
    throw new RangeError(`--${name} must be a positive integer, got ${process.argv[i + 1]}`);
  return v;
}

/** `--name a,b,c` as positive integers (or `def`). */
export function listArg(name: string, def: number[]): number[] {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = String(process.argv[i + 1])
    .split(',')
    .map(Number);
  if (!v.length || v.some((x) => !Number.isInteger(x) || x < 1))
    throw new RangeError(`--${name} must be a comma-separated list of positive integers, got ${process.argv[i + 1]}`);
  return v;
}

export function strArg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? def : String(process.argv[i + 1]);
}

/** The ring setup flag sets `--flags` can name: `default` (what IoUring picks), or a set measured against it. */
export const FLAG_SETS: Record<string, number | undefined> = {
  default: undefined,
  coop: SETUP.SINGLE_ISSUER | SETUP.COOP_TASKRUN | SETUP.TASKRUN_FLAG,
  defer: SETUP.SINGLE_ISSUER | SETUP.DEFER_TASKRUN | SETUP.TASKRUN_FLAG,
  plain: 0,
};

/** `--flags a,b` as named setup flag sets (FLAG_SETS), in order; default: just the IoUring default. */
export function flagSetsArg(): { name: string; flags: number | undefined }[] {
  const names = strArg('flags', 'default').split(',');
  for (const n of names)
    if (!Object.hasOwn(FLAG_SETS, n))
      throw new RangeError(`--flags must list names from ${Object.keys(FLAG_SETS).join(', ')}, got ${n}`);
  if (new Set(names).size !== names.length) throw new RangeError('--flags names a set twice');
  return names.map((name) => ({ name, flags: FLAG_SETS[name] }));
}

export function median(a: readonly number[]): number {
  const s = a.filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The value at fraction `q` (0..1) of sorted samples (nearest rank). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** `v` with 3 significant digits and a K / M suffix from 10 000 up. */
export function num(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (v >= 1e7) return `${(v / 1e6).toFixed(2)} M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(v >= 1e6 ? 0 : 1)} K`;
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/** Median of the runs and their min–max: `12.3 K (11.9-13.0)`; one run: just the value. */
export function spread(a: readonly number[], f: (v: number) => string = num): string {
  const s = a.filter((x) => Number.isFinite(x));
  if (!s.length) return 'n/a';
  if (s.length === 1) return f(s[0]!);
  return `${f(median(s))} (${f(Math.min(...s))}-${f(Math.max(...s))})`;
}

/** A ratio as `1.23x`. */
export function times(v: number): string {
  return Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a';
}

/** A pipe table, columns padded. */
export function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (l: string[]) => `| ${l.map((c, i) => (c ?? '').padEnd(w[i]!)).join(' | ')} |`;
  return [line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function setupFlagNames(flags: number): string {
  const names = Object.entries(SETUP)
    .filter(([, bit]) => flags & bit)
    .map(([n]) => n);
  return names.length ? names.join('|') : 'none';
}

/**
 * The IoUring a default `IoUring.create()` gives here: the setup flags in force and, where the ring names it,
 * the engine that waits for completions (`ring.engine`).
 */
export async function ioUringInfo(): Promise<string> {
  const ring = await IoUring.create({ entries: 8 });
  try {
    const flags = (ring as unknown as { backend?: { params?: { flags?: number } } }).backend?.params?.flags;
    const engine = (ring as unknown as { engine?: unknown }).engine;
    return `IoUring defaults: setup flags ${flags === undefined ? 'not exposed' : setupFlagNames(flags)}, engine ${engine === undefined ? 'not exposed by IoUring' : String(engine)}`;
  } finally {
    await ring.close();
  }
}

export function machine(): string {
  return `kernel ${release()}, node ${process.version}, ${cpus().length} CPUs`;
}

/** The 1-minute load average: on a shared machine, other work competing for the cores shows here. */
export function load(): string {
  const l = loadavg()[0]!,
    n = cpus().length;
  return `load average ${l.toFixed(2)} on ${n} CPUs${l > n ? ' (other work competed for the cores)' : ''}`;
}

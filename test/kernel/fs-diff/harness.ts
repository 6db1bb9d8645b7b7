// The differential harness of uring/fs against node:fs/promises: a scenario runs once per implementation, each in
// a fresh temp dir populated the same way; its outcome (returned value or thrown error, then the tree left in the
// dir) is normalized into plain JSON-able data, so two outcomes compare by value and a mismatch prints as a list of
// the places where they differ.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { symlinkSync, writeFileSync } from 'node:fs';
import type * as NodeFs from 'node:fs/promises';
import { basename, join } from 'node:path';

/** The API under test: node:fs/promises' shape (uring/fs exports the same names). */
export type Fs = typeof NodeFs;

export interface Scenario {
  name: string;
  /** Runs against one implementation in `dir` (already populated by `setup`); what it returns is compared. */
  run: (fs: Fs, dir: string) => Promise<unknown>;
  /** Populates the dir with node:fs's sync calls (not under test); default: the standard fixture. */
  setup?: (dir: string) => void;
}

/** A scenario on the standard fixture, or on `setup`'s. */
export function s(name: string, run: Scenario['run'], setup?: Scenario['setup']): Scenario {
  return setup ? { name, run, setup } : { name, run };
}

// ---- fixtures ----------------------------------------------------------------------------------

/** A file entry of `populate`: contents, or a dir, symlink or FIFO; `mode` applied last (chmod). */
export type Entry = string | Uint8Array | { dir: true; mode?: number } | { symlink: string } | { fifo: true };

/** Creates the entries in order (parents before children); a string or bytes is a regular file. */
export function populate(dir: string, spec: Record<string, Entry>, modes: Record<string, number> = {}): void {
  for (const [name, e] of Object.entries(spec)) {
    const p = join(dir, name);
    if (typeof e === 'string' || e instanceof Uint8Array) writeFileSync(p, e);
    else if ('dir' in e) mkdirSync(p);
    else if ('symlink' in e) symlinkSync(e.symlink, p);
    else execFileSync('mkfifo', [p]);
  }
  for (const [name, m] of Object.entries(modes)) chmodSync(join(dir, name), m);
}

/**
 * The standard fixture: a small text file, an empty file, a read-only file, a subdir with a file, a nested empty
 * dir, symlinks to a file, to a dir, dangling and in a loop.
 */
export function standard(dir: string): void {
  populate(
    dir,
    {
      'a.txt': 'hello world\n',
      empty: '',
      'ro.txt': 'read only\n',
      bin: bytes(300, 7),
      sub: { dir: true },
      'sub/b.txt': 'in sub\n',
      'sub/deep': { dir: true },
      emptydir: { dir: true },
      link: { symlink: 'a.txt' },
      dirlink: { symlink: 'sub' },
      dangling: { symlink: 'nowhere' },
      loop1: { symlink: 'loop2' },
      loop2: { symlink: 'loop1' },
    },
    { 'ro.txt': 0o444 },
  );
}

/** The standard fixture plus a FIFO named `fifo`. */
export function withFifo(dir: string): void {
  standard(dir);
  populate(dir, { fifo: { fifo: true } });
}

/** `n` deterministic pseudo-random bytes (an LCG seeded by `seed`), the same in both runs. */
export function bytes(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n); // not allocUnsafe: a pooled slice would make .buffer the shared pool
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 16;
  }
  return b;
}

// ---- outcome ------------------------------------------------------------------------------------

export interface Outcome {
  result?: unknown;
  error?: unknown;
  tree?: unknown;
}

/** How long one run may take before it counts as hung (a hang is reported as an outcome, not waited for). */
const RUN_TIMEOUT_MS = 15_000;

/** Runs `sc` on `fs` in a fresh temp dir under `base`, normalized; the dir is removed afterwards. */
export async function runOn(fs: Fs, sc: Scenario, base = '/tmp'): Promise<Outcome> {
  const dir = mkdtempSync(join(base, 'fsdiff-'));
  try {
    (sc.setup ?? standard)(dir);
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`scenario did not settle within ${RUN_TIMEOUT_MS} ms`)),
        RUN_TIMEOUT_MS,
      );
    });
    const out: Outcome = {};
    try {
      out.result = normalize(await Promise.race([sc.run(fs, dir), hung]), dir);
    } catch (e) {
      out.error = normalize(e, dir);
    } finally {
      clearTimeout(timer);
    }
    out.tree = tree(dir);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- normalization ------------------------------------------------------------------------------

/** Byte strings longer than this compare by length and SHA-256 (shorter ones are shown in hex). */
const HEX_MAX = 256;

function hexOrHash(u: Uint8Array): string {
  if (u.byteLength <= HEX_MAX) return Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('hex');
  return `sha256:${createHash('sha256').update(u).digest('hex')}`;
}

const TIME_FIELD = /^(atime|mtime|ctime|birthtime)(Ms|Ns)?$/;

/**
 * Plain data for `v`: strings with the temp dir (and its name) replaced by <dir>; bytes by content; errors by class,
 * code, errno, syscall, path, dest, message, own keys and cause; Stats by their fields but the times and ino
 * (which differ between two files made one after the other); other objects by class and own enumerable fields.
 */
export function normalize(v: unknown, dir: string, depth = 0): unknown {
  if (depth > 8) return '<too deep>';
  if (typeof v === 'string') return v.replaceAll(dir, '<dir>').replaceAll(basename(dir), '<dir>');
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v;
  if (v === undefined) return '<undefined>';
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'function') return `<function ${v.name}>`;
  if (typeof v === 'symbol') return `<${String(v)}>`;
  if (ArrayBuffer.isView(v)) {
    const u = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    return { $bytes: v.constructor.name, length: v.byteLength, data: hexOrHash(u) };
  }
  if (v instanceof ArrayBuffer)
    return { $bytes: 'ArrayBuffer', length: v.byteLength, data: hexOrHash(new Uint8Array(v)) };
  if (v instanceof Error) return normalizeError(v, dir, depth);
  if (Array.isArray(v)) return v.map((x) => normalize(x, dir, depth + 1));
  const o = v as Record<string, unknown>;
  const ctor = (o.constructor as { name?: string } | undefined)?.name ?? '<null prototype>';
  const out: Record<string, unknown> = { $class: ctor };
  const isStats = ctor === 'Stats' || ctor === 'BigIntStats';
  for (const k of Object.keys(o).sort()) {
    if (isStats && (k === 'ino' || TIME_FIELD.test(k))) continue;
    out[k] = normalize(o[k], dir, depth + 1);
  }
  if (isStats) {
    const st = o as unknown as import('node:fs').Stats;
    out.$types = ['isFile', 'isDirectory', 'isSymbolicLink', 'isFIFO', 'isBlockDevice', 'isCharacterDevice', 'isSocket']
      .filter((m) => (st[m as keyof typeof st] as () => boolean).call(st))
      .join(',');
    // The times are there and of the right kind, even if their values differ between the two runs.
    out.$times = ['atime', 'mtime', 'ctime', 'birthtime']
      .map((k) => `${k}:${(o[k] as object | undefined)?.constructor?.name}/${typeof o[`${k}Ms`]}`)
      .join(',');
  }
  return out;
}

function normalizeError(e: Error, dir: string, depth: number): unknown {
  const x = e as Error & Record<string, unknown>;
  const out: Record<string, unknown> = {
    $error: e.constructor?.name,
    name: e.name,
    message: normalize(e.message, dir),
    keys: Object.keys(e).sort().join(','),
    kind: e instanceof RangeError ? 'RangeError' : e instanceof TypeError ? 'TypeError' : 'Error',
  };
  for (const k of ['code', 'errno', 'syscall', 'path', 'dest', 'info'])
    if (k in x) out[k] = normalize(x[k], dir, depth + 1);
  if (x.cause !== undefined) out.cause = normalize(x.cause, dir, depth + 1);
  return out;
}

// ---- the tree left behind -----------------------------------------------------------------------

/** Every entry under `dir` (not following symlinks), sorted: type, permission bits, and size/contents/target. */
export function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const p = join(dir, r);
      const st = lstatSync(p);
      const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
      if (st.isSymbolicLink()) out.push(`${r} symlink -> ${normalize(readlinkSync(p), dir)}`);
      else if (st.isDirectory()) {
        out.push(`${r}/ dir ${mode}`);
        walk(r);
      } else if (st.isFile()) {
        const data = st.size <= 64 ? JSON.stringify(readFileSync(p, 'latin1')) : hexOrHash(readFileSync(p));
        out.push(`${r} file ${mode} nlink=${st.nlink} size=${st.size} ${data}`);
      } else out.push(`${r} ${st.isFIFO() ? 'fifo' : 'special'} ${mode}`);
    }
  };
  walk('');
  return out;
}

// ---- comparison ---------------------------------------------------------------------------------

/** Where `a` (Node) and `b` (uring) differ, one line per place: `at <path>: node <x> | uring <y>`. */
export function differences(a: unknown, b: unknown, at = '$'): string[] {
  if (Object.is(a, b)) return [];
  const show = (x: unknown): string => {
    const j = x === undefined ? '(absent)' : JSON.stringify(x);
    return j.length > 300 ? `${j.slice(0, 300)}...` : j;
  };
  if (Array.isArray(a) && Array.isArray(b)) {
    if (at.endsWith('.tree')) return treeDifferences(a as string[], b as string[], at);
    // Lists of names of different lengths: which names one side lacks, rather than every shifted position.
    const names = (x: unknown[]): boolean => x.every((e) => typeof e === 'string');
    if (a.length !== b.length && names(a) && names(b)) return treeDifferences(a as string[], b as string[], at);
    const out: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...differences(a[i], b[i], `${at}[${i}]`));
    return out;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const out: string[] = [];
    for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)]))
      out.push(...differences(ra[k], rb[k], `${at}.${k}`));
    return out;
  }
  return [`at ${at}: node ${show(a)} | uring ${show(b)}`];
}

/** Tree lines present on one side only. */
function treeDifferences(a: string[], b: string[], at: string): string[] {
  const sb = new Set(b);
  const sa = new Set(a);
  return [
    ...a.filter((l) => !sb.has(l)).map((l) => `at ${at}: only node has   ${l}`),
    ...b.filter((l) => !sa.has(l)).map((l) => `at ${at}: only uring has  ${l}`),
  ];
}

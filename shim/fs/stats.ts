// Node only: a Statx (the statx op's result) as a real fs.Stats / fs.BigIntStats, made by Node's own
// constructors (taken from one stat of '/', so `instanceof fs.Stats` and every method and date field match).
// libuv's stat is statx with the same mask and flags, and Node derives the *Ms fields the same way.
import { statSync, type BigIntStats, type Stats } from 'node:fs';
import type { Statx } from '../async/statx.ts';

type StatsCtor = new (...a: number[]) => Stats;
type BigIntStatsCtor = new (...a: bigint[]) => BigIntStats;
let StatsClass: StatsCtor | null = null;
let BigIntStatsClass: BigIntStatsCtor | null = null;

/** Seconds * 1e9 + ns of a Statx time (its ms value and ns part), exactly. */
function ns(ms: number, nsPart: number): bigint {
  const sec = Math.round((ms - nsPart / 1e6) / 1000);
  return BigInt(sec) * 1_000_000_000n + BigInt(nsPart);
}

/** Node's fs.Stats from its constructor's fields, in its order. */
export function newStats(
  dev: number,
  mode: number,
  nlink: number,
  uid: number,
  gid: number,
  rdev: number,
  blksize: number,
  ino: number,
  size: number,
  blocks: number,
  atimeMs: number,
  mtimeMs: number,
  ctimeMs: number,
  birthtimeMs: number,
): Stats {
  StatsClass ??= statSync('/').constructor as StatsCtor;
  return new StatsClass(
    dev,
    mode,
    nlink,
    uid,
    gid,
    rdev,
    blksize,
    ino,
    size,
    blocks,
    atimeMs,
    mtimeMs,
    ctimeMs,
    birthtimeMs,
  );
}

/** `s` as fs.Stats (numbers) or fs.BigIntStats. */
export function toStats(s: Statx, bigint: boolean): Stats | BigIntStats {
  if (bigint) {
    BigIntStatsClass ??= statSync('/', { bigint: true }).constructor as BigIntStatsCtor;
    return new BigIntStatsClass(
      BigInt(s.dev),
      BigInt(s.mode),
      BigInt(s.nlink),
      BigInt(s.uid),
      BigInt(s.gid),
      BigInt(s.rdev),
      BigInt(s.blksize),
      BigInt(s.ino),
      BigInt(s.size),
      BigInt(s.blocks),
      ns(s.atimeMs, s.atimeNs),
      ns(s.mtimeMs, s.mtimeNs),
      ns(s.ctimeMs, s.ctimeNs),
      ns(s.birthtimeMs, s.birthtimeNs),
    );
  }
  StatsClass ??= statSync('/').constructor as StatsCtor;
  return new StatsClass(
    s.dev,
    s.mode,
    s.nlink,
    s.uid,
    s.gid,
    s.rdev,
    s.blksize,
    s.ino,
    s.size,
    s.blocks,
    s.atimeMs,
    s.mtimeMs,
    s.ctimeMs,
    s.birthtimeMs,
  );
}

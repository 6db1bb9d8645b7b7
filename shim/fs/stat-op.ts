// Node only: stat / lstat's statx for uring/fs, leaner than IoUring.statx per call: the path and the struct statx
// live in pooled memory (no Buffer and no address lookup per call), and the result is read straight into Node's
// fs.Stats (no Statx in between). BigInt stats take IoUring.statx and toStats.
import type { Stats } from 'node:fs';
import { AT_FDCWD } from '../../ts/constants.ts';
import type { IoUring } from '../async/io-uring.ts';
import { addr } from '../async/args.ts';
import { call, pinned } from '../async/call.ts';
import { op, type Slot } from '../async/slots.ts';
import { STATX_BASIC_STATS, STATX_BTIME } from '../async/statx.ts';
import { cPathIn, PATH_AREA } from './direct.ts';
import { newStats } from './stats.ts';

const STATX_SIZE = 256;
const AREA = PATH_AREA + STATX_SIZE;
const PER_SLAB = 16,
  KEEP = 256;
const TWO32 = 4294967296;

interface Area {
  path: Buffer;
  sb: Buffer;
}
const free: Area[] = [];

function take(): Area {
  const a = free.pop();
  if (a) return a;
  const slab = Buffer.allocUnsafeSlow(PER_SLAB * AREA);
  for (let i = 1; i < PER_SLAB; i++)
    free.push({
      path: slab.subarray(i * AREA, i * AREA + PATH_AREA),
      sb: slab.subarray(i * AREA + PATH_AREA, (i + 1) * AREA),
    });
  return { path: slab.subarray(0, PATH_AREA), sb: slab.subarray(PATH_AREA, AREA) };
}

function makedev(major: number, minor: number): number {
  return (((major & 0xfff) << 8) | (minor & 0xff)) + (minor >>> 8) * 1048576 + (major >>> 12) * TWO32;
}

function u64(b: Buffer, at: number): number {
  return b.readUInt32LE(at) + b.readUInt32LE(at + 4) * TWO32;
}

function ms(b: Buffer, at: number): number {
  return (b.readUInt32LE(at) + b.readInt32LE(at + 4) * TWO32) * 1000 + b.readUInt32LE(at + 8) / 1e6;
}

/** struct statx (as parseStatx reads it) as fs.Stats. */
function statsOf(_res: number, s: Slot): Stats {
  const b = (s.keep as [Buffer, Buffer])[1];
  return newStats(
    makedev(b.readUInt32LE(136), b.readUInt32LE(140)),
    b.readUInt16LE(28),
    b.readUInt32LE(16),
    b.readUInt32LE(20),
    b.readUInt32LE(24),
    makedev(b.readUInt32LE(128), b.readUInt32LE(132)),
    b.readUInt32LE(4),
    u64(b, 32),
    u64(b, 40),
    u64(b, 48),
    ms(b, 64),
    ms(b, 112),
    ms(b, 96),
    ms(b, 80),
  );
}

const STAT = op(
  'statx',
  'statx',
  (path: Buffer, sb: Buffer, flags: number) =>
    pinned(
      { dfd: AT_FDCWD, path: addr(path), statxFlags: flags, mask: STATX_BASIC_STATS | STATX_BTIME, statxbuf: addr(sb) },
      [path, sb],
    ),
  statsOf,
);

/** statx(path, flags) as fs.Stats (rejects with the ring's UringError). */
export async function statStats(ring: IoUring, path: string | Buffer, flags: number): Promise<Stats> {
  const a = take();
  try {
    return await call(ring, STAT, undefined, cPathIn(a.path, path), a.sb, flags);
  } finally {
    if (free.length < KEEP) free.push(a);
  }
}

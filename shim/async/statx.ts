// Node only: struct statx as the kernel wrote it, parsed into a Statx (the statx op's result).

export const STATX_BASIC_STATS = 0x7ff,
  STATX_BTIME = 0x800;
const S_IFMT = 0o170000,
  S_IFREG = 0o100000,
  S_IFDIR = 0o040000,
  S_IFLNK = 0o120000,
  S_IFIFO = 0o010000,
  S_IFSOCK = 0o140000,
  S_IFCHR = 0o020000,
  S_IFBLK = 0o060000;
const TWO32 = 4294967296;

/** glibc's makedev as a number (exact for the device numbers Linux hands out). */
function makedev(major: number, minor: number): number {
  return (((major & 0xfff) << 8) | (minor & 0xff)) + (minor >>> 8) * 1048576 + (major >>> 12) * TWO32;
}

/** struct statx, parsed: numbers (64-bit fields are exact below 2^53), times in ms and as seconds + ns. */
export class Statx {
  /** STATX_* bits the kernel filled in. */
  mask = 0;
  dev = 0;
  ino = 0;
  mode = 0;
  nlink = 0;
  uid = 0;
  gid = 0;
  rdev = 0;
  size = 0;
  blksize = 0;
  blocks = 0;
  attributes = 0;
  attributesMask = 0;
  atimeMs = 0;
  mtimeMs = 0;
  ctimeMs = 0;
  birthtimeMs = 0;
  atimeNs = 0;
  mtimeNs = 0;
  ctimeNs = 0;
  birthtimeNs = 0;
  isFile(): boolean {
    return (this.mode & S_IFMT) === S_IFREG;
  }
  isDirectory(): boolean {
    return (this.mode & S_IFMT) === S_IFDIR;
  }
  isSymbolicLink(): boolean {
    return (this.mode & S_IFMT) === S_IFLNK;
  }
  isFIFO(): boolean {
    return (this.mode & S_IFMT) === S_IFIFO;
  }
  isSocket(): boolean {
    return (this.mode & S_IFMT) === S_IFSOCK;
  }
  isCharacterDevice(): boolean {
    return (this.mode & S_IFMT) === S_IFCHR;
  }
  isBlockDevice(): boolean {
    return (this.mode & S_IFMT) === S_IFBLK;
  }
}

export function parseStatx(b: Buffer): Statx {
  const s = new Statx();
  const u64 = (at: number) => b.readUInt32LE(at) + b.readUInt32LE(at + 4) * TWO32;
  const i64 = (at: number) => b.readUInt32LE(at) + b.readInt32LE(at + 4) * TWO32;
  s.mask = b.readUInt32LE(0);
  s.blksize = b.readUInt32LE(4);
  s.attributes = u64(8);
  s.nlink = b.readUInt32LE(16);
  s.uid = b.readUInt32LE(20);
  s.gid = b.readUInt32LE(24);
  s.mode = b.readUInt16LE(28);
  s.ino = u64(32);
  s.size = u64(40);
  s.blocks = u64(48);
  s.attributesMask = u64(56);
  const t = (at: number): [number, number] => {
    const sec = i64(at),
      ns = b.readUInt32LE(at + 8);
    return [sec * 1000 + ns / 1e6, ns];
  };
  [s.atimeMs, s.atimeNs] = t(64);
  [s.birthtimeMs, s.birthtimeNs] = t(80);
  [s.ctimeMs, s.ctimeNs] = t(96);
  [s.mtimeMs, s.mtimeNs] = t(112);
  s.rdev = makedev(b.readUInt32LE(128), b.readUInt32LE(132));
  s.dev = makedev(b.readUInt32LE(136), b.readUInt32LE(140));
  return s;
}

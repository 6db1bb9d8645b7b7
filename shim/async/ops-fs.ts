// Node only: IoUring's ops on the file system's names: unlink, rmdir, rename, mkdir, symlink, link (each also
// in its *at form, relative to a directory fd). Each method is one call() (call.ts); its Op converts the paths.
import { AT_REMOVEDIR, addr, cpath, dirfdArg } from './args.ts';
import { call, pinned } from './call.ts';
import { CORE, type Core } from './core.ts';
import { op, VOID } from './slots.ts';
import type { OpOptions } from './types.ts';

/** A path argument: a string, a Buffer of bytes or a file: URL, as node:fs takes. */
export type Path = string | Buffer | URL;

const UNLINKAT = op(
  'unlinkat',
  'unlinkat',
  (dirfd, path, flags) => {
    const p = cpath('unlinkat', 'path', path);
    return pinned({ dfd: dirfdArg('unlinkat', dirfd), path: addr(p.bytes), unlinkFlags: flags }, p.bytes, p.text);
  },
  VOID,
);
const UNLINK = op(
  'unlink',
  'unlink',
  (path) => {
    const p = cpath('unlink', 'path', path);
    return pinned({ path: addr(p.bytes), unlinkFlags: 0 }, p.bytes, p.text);
  },
  VOID,
);
const RMDIR = op(
  'rmdir',
  'unlink',
  (path) => {
    const p = cpath('rmdir', 'path', path);
    return pinned({ path: addr(p.bytes), unlinkFlags: AT_REMOVEDIR }, p.bytes, p.text);
  },
  VOID,
);
const RENAMEAT = op(
  'renameat',
  'renameat',
  (olddirfd, oldPath, newdirfd, newPath, flags) => {
    const a = cpath('renameat', 'oldPath', oldPath),
      b = cpath('renameat', 'newPath', newPath);
    return pinned(
      {
        olddfd: dirfdArg('renameat', olddirfd, 'olddirfd'),
        oldpath: addr(a.bytes),
        newdfd: dirfdArg('renameat', newdirfd, 'newdirfd'),
        newpath: addr(b.bytes),
        renameFlags: flags,
      },
      [a.bytes, b.bytes],
      a.text,
    );
  },
  VOID,
);
const RENAME = op(
  'rename',
  'rename',
  (oldPath, newPath) => {
    const a = cpath('rename', 'oldPath', oldPath),
      b = cpath('rename', 'newPath', newPath);
    return pinned({ oldpath: addr(a.bytes), newpath: addr(b.bytes) }, [a.bytes, b.bytes], a.text);
  },
  VOID,
);
const MKDIRAT = op(
  'mkdirat',
  'mkdirat',
  (dirfd, path, mode) => {
    const p = cpath('mkdirat', 'path', path);
    return pinned({ dfd: dirfdArg('mkdirat', dirfd), path: addr(p.bytes), mode }, p.bytes, p.text);
  },
  VOID,
);
const MKDIR = op(
  'mkdir',
  'mkdir',
  (path, mode) => {
    const p = cpath('mkdir', 'path', path);
    return pinned({ path: addr(p.bytes), mode }, p.bytes, p.text);
  },
  VOID,
);
const SYMLINKAT = op(
  'symlinkat',
  'symlinkat',
  (target, newdirfd, linkPath) => {
    const t = cpath('symlinkat', 'target', target),
      l = cpath('symlinkat', 'linkPath', linkPath);
    return pinned(
      { target: addr(t.bytes), newdirfd: dirfdArg('symlinkat', newdirfd, 'newdirfd'), linkpath: addr(l.bytes) },
      [t.bytes, l.bytes],
      l.text,
    );
  },
  VOID,
);
const SYMLINK = op(
  'symlink',
  'symlink',
  (target, linkPath) => {
    const t = cpath('symlink', 'target', target),
      l = cpath('symlink', 'linkPath', linkPath);
    return pinned({ target: addr(t.bytes), linkpath: addr(l.bytes) }, [t.bytes, l.bytes], l.text);
  },
  VOID,
);
const LINKAT = op(
  'linkat',
  'linkat',
  (olddirfd, existingPath, newdirfd, newPath, flags) => {
    const a = cpath('linkat', 'existingPath', existingPath),
      b = cpath('linkat', 'newPath', newPath);
    return pinned(
      {
        olddfd: dirfdArg('linkat', olddirfd, 'olddirfd'),
        oldpath: addr(a.bytes),
        newdfd: dirfdArg('linkat', newdirfd, 'newdirfd'),
        newpath: addr(b.bytes),
        hardlinkFlags: flags,
      },
      [a.bytes, b.bytes],
      a.text,
    );
  },
  VOID,
);
const LINK = op(
  'link',
  'link',
  (existingPath, newPath) => {
    const x = cpath('link', 'existingPath', existingPath),
      y = cpath('link', 'newPath', newPath);
    return pinned({ oldpath: addr(x.bytes), newpath: addr(y.bytes), hardlinkFlags: 0 }, [x.bytes, y.bytes], x.text);
  },
  VOID,
);

/** IoUring's path ops (mixed into IoUring.prototype; typed through IoUring's declaration merging). */
export class FsOps {
  /** @internal The ring's machinery (the op methods run on IoUring, which has it). */
  declare readonly [CORE]: Core;

  /** unlinkat(dirfd, path, flags = 0): AT_REMOVEDIR in flags removes a directory. */
  unlinkat(dirfd: number, path: Path, flags = 0, o?: OpOptions): Promise<void> {
    return call(this, UNLINKAT, o, dirfd, path, flags);
  }

  /** unlink(path): remove a file. */
  unlink(path: Path, o?: OpOptions): Promise<void> {
    return call(this, UNLINK, o, path);
  }

  /** rmdir(path): remove an empty directory. */
  rmdir(path: Path, o?: OpOptions): Promise<void> {
    return call(this, RMDIR, o, path);
  }

  /** renameat(olddirfd, oldPath, newdirfd, newPath, flags = 0) (RENAME_* flags). */
  renameat(olddirfd: number, oldPath: Path, newdirfd: number, newPath: Path, flags = 0, o?: OpOptions): Promise<void> {
    return call(this, RENAMEAT, o, olddirfd, oldPath, newdirfd, newPath, flags);
  }

  /** rename(oldPath, newPath). */
  rename(oldPath: Path, newPath: Path, o?: OpOptions): Promise<void> {
    return call(this, RENAME, o, oldPath, newPath);
  }

  /** mkdirat(dirfd, path, mode = 0o777). */
  mkdirat(dirfd: number, path: Path, mode = 0o777, o?: OpOptions): Promise<void> {
    return call(this, MKDIRAT, o, dirfd, path, mode);
  }

  /** mkdir(path, mode = 0o777). */
  mkdir(path: Path, mode = 0o777, o?: OpOptions): Promise<void> {
    return call(this, MKDIR, o, path, mode);
  }

  /** symlinkat(target, newdirfd, linkPath): a symbolic link at linkPath pointing to target. */
  symlinkat(target: Path, newdirfd: number, linkPath: Path, o?: OpOptions): Promise<void> {
    return call(this, SYMLINKAT, o, target, newdirfd, linkPath);
  }

  /** symlink(target, linkPath). */
  symlink(target: Path, linkPath: Path, o?: OpOptions): Promise<void> {
    return call(this, SYMLINK, o, target, linkPath);
  }

  /** linkat(olddirfd, existingPath, newdirfd, newPath, flags = 0): a hard link (AT_SYMLINK_FOLLOW in flags). */
  linkat(
    olddirfd: number,
    existingPath: Path,
    newdirfd: number,
    newPath: Path,
    flags = 0,
    o?: OpOptions,
  ): Promise<void> {
    return call(this, LINKAT, o, olddirfd, existingPath, newdirfd, newPath, flags);
  }

  /** link(existingPath, newPath): a hard link. */
  link(existingPath: Path, newPath: Path, o?: OpOptions): Promise<void>;
  /**
   * link(fn): every op started inside `fn` is linked to the next (IOSQE_IO_LINK), the last one ends the chain;
   * the chain is issued as one unit. Returns what fn returns (`ring.link(() => [ring.write(...), ring.fsync(fd)])`).
   */
  link<T>(fn: () => T): T;
  link(a: unknown, b?: unknown, o?: OpOptions): unknown {
    return typeof a === 'function' ? this[CORE].linkOps(a as () => unknown) : call(this, LINK, o, a, b);
  }
}

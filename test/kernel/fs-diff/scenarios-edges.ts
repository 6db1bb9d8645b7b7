// Boundaries of the implementation's strategies (readFile's one-read size limit and chunking, sizes that lie,
// large strings and copies), the FileHandle surface beyond the I/O calls, and handles closed with I/O around.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { bytes, populate, s, type Scenario } from './harness.ts';

const K = 1024;
const sized = (n: number, seed: number) => (d: string) => populate(d, { f: bytes(n, seed) });

/**
 * The public method names of `o`, own and inherited up to Object.prototype (string keys and Symbol.asyncDispose:
 * Node's internal symbols and base classes are not API), its class name and whether it is an EventEmitter.
 */
function surface(o: object): unknown {
  const names = new Set<string>();
  for (let p = Object.getPrototypeOf(o); p && p !== Object.prototype; p = Object.getPrototypeOf(p))
    for (const k of Reflect.ownKeys(p)) if (typeof k === 'string' || k === Symbol.asyncDispose) names.add(String(k));
  return { class: o.constructor.name, emitter: o instanceof EventEmitter, names: [...names].sort() };
}

export const edgeScenarios: Scenario[] = [
  s('readFile: exactly 512 KiB', (fs, d) => fs.readFile(join(d, 'f')), sized(512 * K, 21)),
  s('readFile: 512 KiB + 1', (fs, d) => fs.readFile(join(d, 'f')), sized(512 * K + 1, 22)),
  s('readFile: 64 KiB - 1', (fs, d) => fs.readFile(join(d, 'f')), sized(64 * K - 1, 23)),
  s('readFile: 1 byte', (fs, d) => fs.readFile(join(d, 'f')), sized(1, 24)),
  s('readFile: sysfs attribute (size says 4096, content shorter)', (fs) =>
    fs.readFile('/sys/kernel/mm/transparent_hugepage/hpage_pmd_size', 'utf8'),
  ),
  s('readFile: /proc/self/mountinfo (larger than one 64 KiB read?)', async (fs) => {
    const t = await fs.readFile('/proc/self/mountinfo', 'utf8');
    return { nonEmpty: t.length > 0, lines: t.split('\n').length };
  }),
  s('readFile: flag a+ on an existing file reads it all', (fs, d) => fs.readFile(join(d, 'a.txt'), { flag: 'a+' })),
  s(
    'readFile: 9 MiB through flag w+ (truncated first)',
    (fs, d) => fs.readFile(join(d, 'f'), { flag: 'w+' }),
    sized(9 * K * K, 25),
  ),
  s(
    'readFile: 2 MiB with a signal that is never aborted',
    (fs, d) => fs.readFile(join(d, 'f'), { signal: new AbortController().signal }),
    sized(2 * K * K, 26),
  ),
  s('writeFile: 3 MiB string', (fs, d) => fs.writeFile(join(d, 'big'), 'abcdefghij'.repeat(300 * K))),
  s('writeFile: 3 MiB string, base64', (fs, d) =>
    fs.writeFile(join(d, 'big'), bytes(3 * K * K, 27).toString('base64'), 'base64'),
  ),
  s('appendFile: 1 MiB Buffer to an existing file', (fs, d) => fs.appendFile(join(d, 'a.txt'), bytes(K * K, 28))),
  s('writeFile: iterable of 200 chunks of 10 KiB', (fs, d) =>
    fs.writeFile(
      join(d, 'it'),
      Array.from({ length: 200 }, (_, i) => bytes(10 * K, i + 1)),
    ),
  ),
  s('copyFile: 9 MiB', (fs, d) => fs.copyFile(join(d, 'f'), join(d, 'g')), sized(9 * K * K + 5, 29)),
  s('copyFile: exactly 64 KiB (a pipe buffer)', (fs, d) => fs.copyFile(join(d, 'f'), join(d, 'g')), sized(64 * K, 30)),
  // Not copyFile from a sysfs attribute (size 4096, content shorter): Node's copyFile never settles there (libuv's
  // sendfile loop spins on a threadpool thread), so there is nothing to compare.
  s('copyFile: dest is a symlink to a file (written through)', (fs, d) => fs.copyFile(join(d, 'bin'), join(d, 'link'))),
  s('copyFile: dest is a dangling symlink', (fs, d) => fs.copyFile(join(d, 'a.txt'), join(d, 'dangling'))),
  s('copyFile: over a read-only file (root)', (fs, d) => fs.copyFile(join(d, 'bin'), join(d, 'ro.txt'))),
  s('copyFile: COPYFILE_EXCL onto a dangling symlink EEXIST', (fs, d) =>
    fs.copyFile(join(d, 'a.txt'), join(d, 'dangling'), fs.constants.COPYFILE_EXCL),
  ),
  s('rm: recursive, a tree of 120 entries', async (fs, d) => {
    for (let i = 0; i < 12; i++) {
      await fs.mkdir(join(d, 't', `d${i}`, 'x'), { recursive: true });
      for (let j = 0; j < 8; j++) await fs.writeFile(join(d, 't', `d${i}`, j % 2 ? 'x' : '', `f${j}`), 'z');
    }
    await fs.symlink('../..', join(d, 't', 'd0', 'up'));
    return fs.rm(join(d, 't'), { recursive: true });
  }),
  s('mkdir: 20 recursive mkdirs of overlapping paths at once', async (fs, d) => {
    const r = await Promise.all(
      Array.from({ length: 20 }, (_, i) => fs.mkdir(join(d, 'p', `q${i % 3}`, 'r'), { recursive: true })),
    );
    // Which call creates what is a race; but each dir is created by one call, so the paths returned are distinct.
    const made = r.filter((x) => x !== undefined);
    return { some: made.length > 0, distinct: new Set(made).size === made.length };
  }),
  s('FileHandle: classes and method names', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    try {
      return surface(fh);
    } finally {
      await fh.close();
    }
  }),
  s('Stats: classes and method names', async (fs, d) => surface(await fs.stat(join(d, 'a.txt')))),
  s('BigIntStats: classes and method names', async (fs, d) =>
    surface(await fs.lstat(join(d, 'link'), { bigint: true })),
  ),
  s('FileHandle: chmod, utimes and stat on the handle', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'), 'r+');
    try {
      await fh.chmod(0o640);
      await fh.utimes(10, 20);
      const st = await fh.stat();
      return [st.mode, st.atimeMs, st.mtimeMs];
    } finally {
      await fh.close();
    }
  }),
  s('FileHandle: readLines', async (fs, d) => {
    const fh = await fs.open(join(d, 'sub/b.txt'));
    const lines: string[] = [];
    for await (const l of fh.readLines()) lines.push(l);
    return [lines, fh.fd];
  }),
  s('FileHandle: createReadStream with a range', async (fs, d) => {
    const fh = await fs.open(join(d, 'bin'));
    const chunks: Buffer[] = [];
    for await (const c of fh.createReadStream({ start: 10, end: 99 })) chunks.push(c as Buffer);
    return [Buffer.concat(chunks), fh.fd];
  }),
  s('FileHandle: createWriteStream', async (fs, d) => {
    const fh = await fs.open(join(d, 'w'), 'w');
    const ws = fh.createWriteStream();
    await new Promise<void>((res, rej) => ws.end('streamed', (e?: Error | null) => (e ? rej(e) : res())));
    await new Promise<void>((r) => ws.on('close', () => r()));
    return fh.fd;
  }),
  s('FileHandle: close while a write is in flight', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'), 'r+');
    const w = fh.write(Buffer.from('WRITTEN'), 0, 7, 0);
    const c = fh.close();
    return [await w, await c, fh.fd];
  }),
  s('FileHandle: read started after close started', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    const c = fh.close();
    const r = fh.read(Buffer.alloc(3), 0, 3, 0).catch((e) => [e.code, e.message, e.syscall]);
    return [await c, await r];
  }),
  s('FileHandle: the "close" event', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    let closed = 0;
    (fh as unknown as import('node:events').EventEmitter).on('close', () => closed++);
    await fh.close();
    return closed;
  }),
];

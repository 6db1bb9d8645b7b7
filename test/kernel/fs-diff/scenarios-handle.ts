// FileHandle: read in its three call forms (and none), write in its buffer and string forms, readv/writev,
// positions (null, -1, bigint, past EOF), partial and zero-length reads, stat/truncate/sync/datasync/readFile/
// writeFile/appendFile on a handle, a closed handle, double close, Symbol.asyncDispose, close with I/O in flight.
import { join } from 'node:path';
import { bytes, s, type Fs, type Scenario } from './harness.ts';

type Handle = Awaited<ReturnType<Fs['open']>>;

/** Opens `name` (in `d`) with `flags`, runs `fn`, closes the handle whatever happened. */
async function withHandle<T>(
  fs: Fs,
  d: string,
  name: string,
  flags: string,
  fn: (fh: Handle) => Promise<T>,
): Promise<T> {
  const fh = await fs.open(join(d, name), flags);
  try {
    return await fn(fh);
  } finally {
    await fh.close();
  }
}

/** A read's result with the bytes read, and whether the buffer returned is the one passed. */
async function readWith(fh: Handle, buf: Buffer, ...args: unknown[]): Promise<unknown> {
  const r = await (fh.read as (...a: unknown[]) => Promise<{ bytesRead: number; buffer: Buffer }>)(buf, ...args);
  return { ...r, sameBuffer: r.buffer === buf };
}

const ro = (name: string, fn: (fh: Handle) => Promise<unknown>): Scenario['run'] => {
  return (fs, d) => withHandle(fs, d, name, 'r', fn);
};
const rw = (name: string, fn: (fh: Handle) => Promise<unknown>): Scenario['run'] => {
  return (fs, d) => withHandle(fs, d, name, 'r+', fn);
};

export const handleScenarios: Scenario[] = [
  // read(buffer, offset, length, position)
  s(
    'fh.read: buffer, offset, length, position',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(20), 2, 5, 6)),
  ),
  s(
    'fh.read: position null reads on from the current position',
    ro('a.txt', async (fh) => [
      await readWith(fh, Buffer.alloc(4), 0, 4, null),
      await readWith(fh, Buffer.alloc(4), 0, 4, null),
      await readWith(fh, Buffer.alloc(8), 0, 8, null),
    ]),
  ),
  s(
    'fh.read: position -1 is the current position',
    ro('a.txt', async (fh) => [
      await readWith(fh, Buffer.alloc(3), 0, 3, -1),
      await readWith(fh, Buffer.alloc(3), 0, 3, -1),
    ]),
  ),
  s(
    'fh.read: explicit position does not move the current one',
    ro('a.txt', async (fh) => [
      await readWith(fh, Buffer.alloc(3), 0, 3, 6),
      await readWith(fh, Buffer.alloc(3), 0, 3, null),
    ]),
  ),
  s(
    'fh.read: bigint position',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(5), 0, 5, 6n)),
  ),
  s(
    'fh.read: position past EOF reads 0',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(5), 0, 5, 1000)),
  ),
  s(
    'fh.read: bigint position past EOF',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(5), 0, 5, 1n << 40n)),
  ),
  s(
    'fh.read: partial read at EOF',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(100), 0, 100, 0)),
  ),
  s(
    'fh.read: partial read near EOF',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(10), 0, 10, 8)),
  ),
  s(
    'fh.read: zero length',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(4), 0, 0, 0)),
  ),
  s(
    'fh.read: zero-length buffer',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(0))),
  ),
  s(
    'fh.read: empty file',
    ro('empty', (fh) => readWith(fh, Buffer.alloc(4), 0, 4, 0)),
  ),
  s(
    'fh.read: only a buffer',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(6))),
  ),
  s(
    'fh.read: buffer and offset only',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(6), 2)),
  ),
  s(
    'fh.read: length past the buffer ERR_OUT_OF_RANGE',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(4), 0, 5, 0)),
  ),
  s(
    'fh.read: offset past the buffer ERR_OUT_OF_RANGE',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(4), 5, 1, 0)),
  ),
  s(
    'fh.read: negative offset ERR_OUT_OF_RANGE',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(4), -1, 1, 0)),
  ),
  s(
    'fh.read: negative length ERR_OUT_OF_RANGE',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(4), 0, -1, 0)),
  ),
  s(
    'fh.read: position -2',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(4), 0, 4, -2)),
  ),
  s(
    'fh.read: fractional position',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(4), 0, 4, 1.5)),
  ),
  s(
    'fh.read: bigint position 2^63 ERR_OUT_OF_RANGE',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(4), 0, 4, 1n << 63n)),
  ),
  s(
    'fh.read: string position',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(4), 0, 4, '3')),
  ),
  s(
    'fh.read: into a Uint16Array',
    ro('a.txt', (fh) => fh.read(new Uint16Array(3), 0, 6, 0)),
  ),
  s(
    'fh.read: into a DataView',
    ro('a.txt', (fh) => fh.read(new DataView(new ArrayBuffer(5)), 0, 5, 0)),
  ),
  s(
    'fh.read: a string as the buffer ERR_INVALID_ARG_TYPE',
    ro('a.txt', (fh) => fh.read('abc' as never, 0, 1, 0)),
  ),
  // read(buffer, options)
  s(
    'fh.read: (buffer, options)',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(10), { offset: 1, length: 4, position: 2 })),
  ),
  s(
    'fh.read: (buffer, {}) fills the buffer',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(5), {})),
  ),
  s(
    'fh.read: (buffer, {position: bigint})',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(5), { position: 3n })),
  ),
  s(
    'fh.read: (buffer, {length too big})',
    ro('a.txt', (fh) => readWith(fh, Buffer.alloc(5), { length: 6 })),
  ),
  // read(options) and read()
  s(
    'fh.read: (options) with a buffer',
    ro('a.txt', async (fh) => {
      const buffer = Buffer.alloc(8);
      const r = await fh.read({ buffer, offset: 2, length: 5, position: 1 });
      return { ...r, sameBuffer: r.buffer === buffer };
    }),
  ),
  s(
    'fh.read: (options) without a buffer',
    ro('a.txt', (fh) => fh.read({ position: 4 })),
  ),
  s(
    'fh.read: (options) with only a length',
    ro('a.txt', (fh) => fh.read({ length: 3 })),
  ),
  s(
    'fh.read: no arguments allocates 16 KiB',
    ro('bin', (fh) => fh.read()),
  ),
  s(
    'fh.read: no arguments, twice',
    ro('a.txt', async (fh) => [await fh.read(), await fh.read()]),
  ),
  s('fh.read: on a write-only handle EBADF', (fs, d) => withHandle(fs, d, 'a.txt', 'w', (fh) => fh.read())),
  // write
  s(
    'fh.write: whole buffer',
    rw('a.txt', (fh) => fh.write(Buffer.from('HELLO'))),
  ),
  s(
    'fh.write: buffer, offset, length, position',
    rw('a.txt', (fh) => fh.write(Buffer.from('0123456789'), 3, 4, 2)),
  ),
  s(
    'fh.write: position null advances',
    rw('a.txt', async (fh) => [
      await fh.write(Buffer.from('ab'), 0, 2, null),
      await fh.write(Buffer.from('cd'), 0, 2, null),
    ]),
  ),
  s(
    'fh.write: bigint position',
    rw('a.txt', (fh) => fh.write(Buffer.from('Z'), 0, 1, 3n as never)),
  ),
  s(
    'fh.write: position past EOF leaves a hole',
    rw('a.txt', (fh) => fh.write(Buffer.from('end'), 0, 3, 40)),
  ),
  s(
    'fh.write: (buffer, options)',
    rw('a.txt', (fh) => fh.write(Buffer.from('abcdef'), { offset: 1, length: 2, position: 0 } as never)),
  ),
  s(
    'fh.write: Uint8Array',
    rw('a.txt', (fh) => fh.write(new Uint8Array([65, 66, 67]), 0, 3, 0)),
  ),
  s(
    'fh.write: DataView',
    rw('a.txt', (fh) => fh.write(new DataView(new Uint8Array([68, 69]).buffer), 0, 2, 0)),
  ),
  s(
    'fh.write: length past the buffer ERR_OUT_OF_RANGE',
    rw('a.txt', (fh) => fh.write(Buffer.from('ab'), 0, 3, 0)),
  ),
  s(
    'fh.write: offset past the buffer ERR_OUT_OF_RANGE',
    rw('a.txt', (fh) => fh.write(Buffer.from('ab'), 3)),
  ),
  s(
    'fh.write: string',
    rw('a.txt', (fh) => fh.write('str')),
  ),
  s(
    'fh.write: string at a position',
    rw('a.txt', (fh) => fh.write('mid', 4)),
  ),
  s(
    'fh.write: string, position and encoding',
    rw('a.txt', (fh) => fh.write('4142', 1, 'hex')),
  ),
  s(
    'fh.write: string, null position, base64',
    rw('a.txt', (fh) => fh.write('SGk=', null, 'base64')),
  ),
  s(
    'fh.write: string, utf8 multi-byte',
    rw('a.txt', (fh) => fh.write('\u00e9\u4e16', 0)),
  ),
  s(
    'fh.write: empty string',
    rw('a.txt', (fh) => fh.write('')),
  ),
  s(
    'fh.write: a number ERR_INVALID_ARG_TYPE',
    rw('a.txt', (fh) => fh.write(42 as never)),
  ),
  s(
    'fh.write: an object ERR_INVALID_ARG_TYPE',
    rw('a.txt', (fh) => fh.write({ toString: () => 'x' } as never)),
  ),
  s(
    'fh.write: bad encoding',
    rw('a.txt', (fh) => fh.write('x', 0, 'nope' as never)),
  ),
  s("fh.write: 'a' handle ignores the position", (fs, d) =>
    withHandle(fs, d, 'a.txt', 'a', (fh) => fh.write(Buffer.from('T'), 0, 1, 0)),
  ),
  s(
    'fh.write: read-only handle EBADF',
    ro('a.txt', (fh) => fh.write('x')),
  ),
  // readv / writev
  s(
    'fh.readv: two buffers at a position',
    ro('a.txt', (fh) => fh.readv([Buffer.alloc(3), Buffer.alloc(4)], 2)),
  ),
  s(
    'fh.readv: current position, twice',
    ro('a.txt', async (fh) => [
      await fh.readv([Buffer.alloc(2), Buffer.alloc(3)]),
      await fh.readv([Buffer.alloc(4)], null as never),
    ]),
  ),
  s(
    'fh.readv: past EOF',
    ro('a.txt', (fh) => fh.readv([Buffer.alloc(3)], 100)),
  ),
  s(
    'fh.readv: bigint position',
    ro('a.txt', (fh) => fh.readv([Buffer.alloc(3)], 1n as never)),
  ),
  s(
    'fh.readv: empty list',
    ro('a.txt', (fh) => fh.readv([])),
  ),
  s(
    'fh.readv: not an array ERR_INVALID_ARG_TYPE',
    ro('a.txt', (fh) => fh.readv(Buffer.alloc(3) as never)),
  ),
  s(
    'fh.readv: a string inside ERR_INVALID_ARG_TYPE',
    ro('a.txt', (fh) => fh.readv(['x' as never])),
  ),
  s(
    'fh.writev: two buffers at a position',
    rw('a.txt', (fh) => fh.writev([Buffer.from('AB'), Buffer.from('CDE')], 3)),
  ),
  s(
    'fh.writev: at the current position',
    rw('a.txt', (fh) => fh.writev([Buffer.from('xy'), new Uint8Array([0x7a])])),
  ),
  s(
    'fh.writev: past EOF',
    rw('a.txt', (fh) => fh.writev([Buffer.from('far')], 30)),
  ),
  s(
    'fh.writev: empty list',
    rw('a.txt', (fh) => fh.writev([])),
  ),
  s(
    'fh.writev: strings inside ERR_INVALID_ARG_TYPE',
    rw('a.txt', (fh) => fh.writev(['ab' as never])),
  ),
  // other handle methods
  s(
    'fh.stat',
    ro('a.txt', (fh) => fh.stat()),
  ),
  s(
    'fh.stat: bigint',
    ro('bin', (fh) => fh.stat({ bigint: true })),
  ),
  s(
    'fh.stat: of a directory',
    ro('sub', (fh) => fh.stat()),
  ),
  s(
    'fh.truncate: shorter',
    rw('a.txt', (fh) => fh.truncate(5)),
  ),
  s(
    'fh.truncate: longer',
    rw('a.txt', (fh) => fh.truncate(100)),
  ),
  s(
    'fh.truncate: length omitted',
    rw('a.txt', (fh) => fh.truncate()),
  ),
  s(
    'fh.truncate: negative length',
    rw('a.txt', (fh) => fh.truncate(-1)),
  ),
  s(
    'fh.truncate: read-only handle EINVAL',
    ro('a.txt', (fh) => fh.truncate(1)),
  ),
  s(
    'fh.sync and datasync',
    rw('a.txt', async (fh) => [await fh.sync(), await fh.datasync()]),
  ),
  s(
    'fh.readFile: utf8',
    ro('a.txt', (fh) => fh.readFile('utf8')),
  ),
  s(
    'fh.readFile: options object',
    ro('bin', (fh) => fh.readFile({ encoding: 'hex' })),
  ),
  s(
    'fh.readFile: aborted signal',
    ro('a.txt', (fh) => fh.readFile({ signal: AbortSignal.abort() })),
  ),
  s(
    'fh.writeFile: string at the current position',
    rw('a.txt', (fh) => fh.writeFile('new content')),
  ),
  s('fh.writeFile: async iterable', (fs, d) =>
    withHandle(fs, d, 'n', 'w', (fh) =>
      fh.writeFile(
        (async function* () {
          yield 'a';
          yield Buffer.from('b');
        })() as never,
      ),
    ),
  ),
  s(
    'fh.appendFile: on an r+ handle',
    rw('a.txt', (fh) => fh.appendFile(' tail', 'utf8')),
  ),
  s('fh.appendFile: on an a handle', (fs, d) => withHandle(fs, d, 'a.txt', 'a', (fh) => fh.appendFile(bytes(4, 2)))),
  // closed handles
  s('fh closed: fd becomes -1', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    const before = fh.fd >= 0;
    await fh.close();
    return { before, after: fh.fd };
  }),
  s('fh closed: read EBADF', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    await fh.close();
    return fh.read(Buffer.alloc(3), 0, 3, 0);
  }),
  s('fh closed: write EBADF', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'), 'r+');
    await fh.close();
    return fh.write('x');
  }),
  s('fh closed: stat EBADF', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    await fh.close();
    return fh.stat();
  }),
  s('fh closed: readFile EBADF', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    await fh.close();
    return fh.readFile();
  }),
  s('fh closed: truncate EBADF', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'), 'r+');
    await fh.close();
    return fh.truncate(0);
  }),
  s('fh closed: close twice', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    return [await fh.close(), await fh.close()];
  }),
  s('fh closed: two closes at once', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    return Promise.all([fh.close(), fh.close()]);
  }),
  s('fh: Symbol.asyncDispose closes', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    const dispose = (fh as unknown as Record<symbol, () => Promise<void>>)[Symbol.asyncDispose];
    const r = await dispose?.call(fh);
    return { r, fd: fh.fd, hasDispose: typeof dispose };
  }),
  s('fh: close while a read is in flight', async (fs, d) => {
    const fh = await fs.open(join(d, 'bin'));
    const read = fh.read(Buffer.alloc(300), 0, 300, 0);
    const closed = fh.close();
    return [await read, await closed, fh.fd];
  }),
  s('fh: many reads in flight at once', (fs, d) =>
    withHandle(fs, d, 'bin', 'r', (fh) =>
      Promise.all(Array.from({ length: 30 }, (_, i) => fh.read(Buffer.alloc(10), 0, 10, i * 10))),
    ),
  ),
];

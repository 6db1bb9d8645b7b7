// writeFile and appendFile: strings in each encoding, bytes in several views, (async) iterables of chunks, flags
// (string and numeric), mode on creation, signals, FileHandles; the tree left behind is compared too.
import { constants } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { bytes, s, type Scenario } from './harness.ts';

const { O_WRONLY, O_CREAT, O_TRUNC, O_APPEND, O_EXCL, O_RDWR } = constants;

async function* asyncChunks(): AsyncGenerator<string | Buffer> {
  yield 'one ';
  await new Promise((r) => setTimeout(r, 5));
  yield Buffer.from('two ');
  yield 'three';
}

export const writeFileScenarios: Scenario[] = [
  s('writeFile: new file from a string', (fs, d) => fs.writeFile(join(d, 'n.txt'), 'fresh\n')),
  s('writeFile: replaces a longer file', (fs, d) => fs.writeFile(join(d, 'a.txt'), 'hi')),
  s('writeFile: empty string', (fs, d) => fs.writeFile(join(d, 'a.txt'), '')),
  s('writeFile: string, hex encoding', (fs, d) => fs.writeFile(join(d, 'h'), 'deadbeef00ff', 'hex')),
  s('writeFile: string, base64 in options', (fs, d) => fs.writeFile(join(d, 'h'), 'aGVsbG8=', { encoding: 'base64' })),
  s('writeFile: string, latin1', (fs, d) => fs.writeFile(join(d, 'h'), 'caf\u00e9 \u00ff', 'latin1')),
  s('writeFile: string, utf16le', (fs, d) => fs.writeFile(join(d, 'h'), 'h\u00e9\u4e16', 'utf16le')),
  s('writeFile: multi-byte utf8', (fs, d) => fs.writeFile(join(d, 'h'), '\u4e16\u754c \ud83d\ude00')),
  s('writeFile: Buffer', (fs, d) => fs.writeFile(join(d, 'b'), bytes(1000, 9))),
  s('writeFile: Uint8Array slice of a bigger buffer', (fs, d) =>
    fs.writeFile(join(d, 'b'), new Uint8Array(bytes(64, 2).buffer, 8, 16)),
  ),
  s('writeFile: Uint16Array', (fs, d) => fs.writeFile(join(d, 'b'), new Uint16Array([1, 2, 0xffff]))),
  s('writeFile: DataView', (fs, d) => fs.writeFile(join(d, 'b'), new DataView(bytes(32, 5).buffer, 4, 10))),
  s('writeFile: 9 MiB Buffer', (fs, d) => fs.writeFile(join(d, 'big'), bytes(9 * 1024 * 1024 + 7, 11))),
  s('writeFile: array of strings (iterable)', (fs, d) => fs.writeFile(join(d, 'it'), ['a', 'bc', 'def'])),
  s('writeFile: generator of Buffers', (fs, d) =>
    fs.writeFile(
      join(d, 'it'),
      (function* () {
        yield Buffer.from('x');
        yield Buffer.from('yz');
      })(),
    ),
  ),
  s('writeFile: async generator of mixed chunks', (fs, d) => fs.writeFile(join(d, 'it'), asyncChunks())),
  s('writeFile: Readable stream', (fs, d) => fs.writeFile(join(d, 'it'), Readable.from(['r1', 'r2', 'r3']))),
  s('writeFile: iterable with hex encoding', (fs, d) => fs.writeFile(join(d, 'it'), ['6869', '21'], 'hex')),
  s('writeFile: iterable yielding a number', (fs, d) => fs.writeFile(join(d, 'it'), [1 as unknown as string])),
  s('writeFile: flag wx on existing EEXIST', (fs, d) => fs.writeFile(join(d, 'a.txt'), 'x', { flag: 'wx' })),
  s('writeFile: flag wx on new file', (fs, d) => fs.writeFile(join(d, 'new'), 'x', { flag: 'wx' })),
  s('writeFile: flag a appends', (fs, d) => fs.writeFile(join(d, 'a.txt'), 'more\n', { flag: 'a' })),
  s('writeFile: flag r+ overwrites in place', (fs, d) => fs.writeFile(join(d, 'a.txt'), 'HE', { flag: 'r+' })),
  s('writeFile: flag r+ on missing ENOENT', (fs, d) => fs.writeFile(join(d, 'missing'), 'x', { flag: 'r+' })),
  s('writeFile: flag r (read-only) EBADF', (fs, d) => fs.writeFile(join(d, 'a.txt'), 'x', { flag: 'r' })),
  s('writeFile: numeric flags O_WRONLY|O_CREAT|O_TRUNC', (fs, d) =>
    fs.writeFile(join(d, 'a.txt'), 'num', { flag: O_WRONLY | O_CREAT | O_TRUNC }),
  ),
  s('writeFile: numeric flags O_WRONLY|O_APPEND', (fs, d) =>
    fs.writeFile(join(d, 'a.txt'), 'app', { flag: O_WRONLY | O_APPEND }),
  ),
  s('writeFile: numeric flags O_CREAT|O_EXCL|O_RDWR on existing', (fs, d) =>
    fs.writeFile(join(d, 'a.txt'), 'x', { flag: O_CREAT | O_EXCL | O_RDWR }),
  ),
  s('writeFile: mode 0o600 on creation', (fs, d) => fs.writeFile(join(d, 'm'), 'x', { mode: 0o600 })),
  s('writeFile: mode as an octal string', (fs, d) => fs.writeFile(join(d, 'm'), 'x', { mode: '640' as never })),
  s('writeFile: mode ignored on an existing file', (fs, d) => fs.writeFile(join(d, 'a.txt'), 'x', { mode: 0o600 })),
  s('writeFile: mode 0o777 (umask applies)', (fs, d) => fs.writeFile(join(d, 'm'), 'x', { mode: 0o777 })),
  s('writeFile: into a directory EISDIR', (fs, d) => fs.writeFile(join(d, 'sub'), 'x')),
  s('writeFile: missing parent ENOENT', (fs, d) => fs.writeFile(join(d, 'nodir/f'), 'x')),
  s('writeFile: through a dangling symlink creates its target', (fs, d) => fs.writeFile(join(d, 'dangling'), 'x')),
  s('writeFile: read-only file (root may write)', (fs, d) => fs.writeFile(join(d, 'ro.txt'), 'written by root')),
  s('writeFile: signal already aborted', (fs, d) => fs.writeFile(join(d, 'n'), 'x', { signal: AbortSignal.abort() })),
  s('writeFile: async iterable, aborted mid-way', async (fs, d) => {
    const ac = new AbortController();
    async function* gen(): AsyncGenerator<string> {
      yield 'first';
      ac.abort();
      await new Promise((r) => setTimeout(r, 10));
      yield 'second';
    }
    return fs.writeFile(join(d, 'n'), gen(), { signal: ac.signal });
  }),
  s('writeFile: on a FileHandle writes at its position', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'), 'r+');
    try {
      await fh.read(Buffer.alloc(6), 0, 6, null);
      await fs.writeFile(fh, 'XY');
    } finally {
      await fh.close();
    }
  }),
  s('writeFile: into /proc/self/status EINVAL', (fs) => fs.writeFile('/proc/self/status', 'x')),
  s('writeFile: read-only sysfs attribute EACCES (even as root)', (fs) =>
    fs.writeFile('/sys/kernel/mm/transparent_hugepage/hpage_pmd_size', '1'),
  ),
  s('appendFile: to an existing file', (fs, d) => fs.appendFile(join(d, 'a.txt'), 'appended\n')),
  s('appendFile: creates a missing file', (fs, d) => fs.appendFile(join(d, 'new'), 'first')),
  s('appendFile: Buffer', (fs, d) => fs.appendFile(join(d, 'bin'), bytes(50, 13))),
  s('appendFile: hex encoding string option', (fs, d) => fs.appendFile(join(d, 'a.txt'), '414243', 'hex')),
  s('appendFile: mode on creation', (fs, d) => fs.appendFile(join(d, 'new'), 'x', { mode: 0o604 })),
  s('appendFile: flag wx on existing EEXIST', (fs, d) => fs.appendFile(join(d, 'a.txt'), 'x', { flag: 'wx' })),
  s('appendFile: flag w truncates', (fs, d) => fs.appendFile(join(d, 'a.txt'), 'x', { flag: 'w' })),
  s('appendFile: async iterable', (fs, d) => fs.appendFile(join(d, 'a.txt'), asyncChunks() as never)),
  s('appendFile: directory EISDIR', (fs, d) => fs.appendFile(join(d, 'sub'), 'x')),
  s('appendFile: on a FileHandle', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'), 'a');
    try {
      await fs.appendFile(fh, 'via handle');
    } finally {
      await fh.close();
    }
  }),
  s('appendFile: twice concurrently', (fs, d) =>
    Promise.all([fs.appendFile(join(d, 'c'), 'aaaa'), fs.appendFile(join(d, 'c'), 'aaaa')]),
  ),
];

// readFile: encodings, flags, signals (aborted before and during), missing files, directories, empty, large and
// zero-size special files, FIFOs with a writer, FileHandles and fds as the argument.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { bytes, populate, s, withFifo, type Scenario } from './harness.ts';

/** A writer child process writing `chunks` into the FIFO at `p` with `gapMs` between them, then closing it. */
function fifoWriter(p: string, chunks: string[], gapMs: number): Promise<number | null> {
  const script = chunks.map((c) => `printf '%s' '${c}'`).join(`; sleep ${gapMs / 1000}; `);
  const child = spawn('sh', ['-c', `{ ${script}; } > '${p}'`], { stdio: 'ignore', timeout: 10_000 });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

/** The keys of /proc/self/status's lines, and how many there are: its shape, not its (changing) values. */
function statusShape(text: unknown): unknown {
  if (typeof text !== 'string') return { notText: typeof text };
  const lines = text.trimEnd().split('\n');
  return { nonEmpty: text.length > 0, endsWithNewline: text.endsWith('\n'), keys: lines.map((l) => l.split(':')[0]) };
}

export const readFileScenarios: Scenario[] = [
  s('readFile: buffer, no options', (fs, d) => fs.readFile(join(d, 'a.txt'))),
  s('readFile: utf8 by string option', (fs, d) => fs.readFile(join(d, 'a.txt'), 'utf8')),
  s('readFile: encoding latin1 of binary', (fs, d) => fs.readFile(join(d, 'bin'), { encoding: 'latin1' })),
  s('readFile: encoding hex', (fs, d) => fs.readFile(join(d, 'a.txt'), { encoding: 'hex' })),
  s('readFile: encoding base64', (fs, d) => fs.readFile(join(d, 'bin'), 'base64')),
  s('readFile: encoding base64url', (fs, d) => fs.readFile(join(d, 'bin'), 'base64url')),
  s('readFile: encoding utf16le', (fs, d) => fs.readFile(join(d, 'bin'), 'utf16le')),
  s('readFile: encoding ucs2 alias', (fs, d) => fs.readFile(join(d, 'a.txt'), 'ucs2')),
  s('readFile: encoding ascii', (fs, d) => fs.readFile(join(d, 'bin'), 'ascii')),
  s('readFile: encoding null gives a Buffer', (fs, d) => fs.readFile(join(d, 'a.txt'), { encoding: null })),
  s('readFile: utf8 with invalid sequences', (fs, d) => fs.readFile(join(d, 'bin'), 'utf8')),
  s('readFile: URL path', (fs, d) => fs.readFile(new URL(`file://${join(d, 'a.txt')}`), 'utf8')),
  s('readFile: Buffer path', (fs, d) => fs.readFile(Buffer.from(join(d, 'a.txt')), 'utf8')),
  s('readFile: through a symlink', (fs, d) => fs.readFile(join(d, 'link'), 'utf8')),
  s('readFile: dangling symlink ENOENT', (fs, d) => fs.readFile(join(d, 'dangling'))),
  s('readFile: symlink loop ELOOP', (fs, d) => fs.readFile(join(d, 'loop1'))),
  s('readFile: flag r+ on a read-write file', (fs, d) =>
    fs.readFile(join(d, 'a.txt'), { flag: 'r+', encoding: 'utf8' }),
  ),
  s('readFile: flag a+ creates the file', (fs, d) => fs.readFile(join(d, 'new.txt'), { flag: 'a+' })),
  s('readFile: flag w+ truncates first', (fs, d) => fs.readFile(join(d, 'a.txt'), { flag: 'w+', encoding: 'utf8' })),
  s('readFile: flag wx+ on existing EEXIST', (fs, d) => fs.readFile(join(d, 'a.txt'), { flag: 'wx+' })),
  s('readFile: flag w (write-only) EBADF', (fs, d) => fs.readFile(join(d, 'a.txt'), { flag: 'w' })),
  s('readFile: missing file ENOENT', (fs, d) => fs.readFile(join(d, 'missing.txt'))),
  s('readFile: missing parent ENOENT', (fs, d) => fs.readFile(join(d, 'nodir/x'))),
  s('readFile: through a file ENOTDIR', (fs, d) => fs.readFile(join(d, 'a.txt/x'))),
  s('readFile: directory EISDIR', (fs, d) => fs.readFile(join(d, 'sub'))),
  s('readFile: directory by a symlink EISDIR', (fs, d) => fs.readFile(join(d, 'dirlink'), 'utf8')),
  s('readFile: empty file buffer', (fs, d) => fs.readFile(join(d, 'empty'))),
  s('readFile: empty file utf8', (fs, d) => fs.readFile(join(d, 'empty'), 'utf8')),
  s(
    'readFile: 9 MiB file',
    (fs, d) => fs.readFile(join(d, 'big')),
    (d) => populate(d, { big: bytes(9 * 1024 * 1024 + 123, 3) }),
  ),
  s(
    'readFile: 9 MiB file as base64',
    async (fs, d) => (await fs.readFile(join(d, 'big'), 'base64')).length,
    (d) => populate(d, { big: bytes(9 * 1024 * 1024, 4) }),
  ),
  s('readFile: /proc/self/status (zero-size special file)', async (fs) =>
    statusShape(await fs.readFile('/proc/self/status', 'utf8')),
  ),
  s('readFile: /proc/self/status as a Buffer', async (fs) => {
    const b = await fs.readFile('/proc/self/status');
    return { isBuffer: Buffer.isBuffer(b), shape: statusShape(b.toString('utf8')) };
  }),
  s('readFile: /proc/self/cmdline (NUL-separated)', async (fs) => {
    const t = await fs.readFile('/proc/self/cmdline', 'latin1');
    return { nonEmpty: t.length > 0, endsWithNul: t.endsWith('\0') };
  }),
  s('readFile: /dev/null', (fs) => fs.readFile('/dev/null')),
  s(
    'readFile: FIFO with a writer',
    async (fs, d) => {
      const p = join(d, 'fifo');
      const w = fifoWriter(p, ['abc', 'def', 'ghi'], 50);
      const data = await fs.readFile(p, 'utf8');
      return { data, writer: await w };
    },
    withFifo,
  ),
  s(
    'readFile: FIFO, writer writes nothing',
    async (fs, d) => {
      const p = join(d, 'fifo');
      const w = fifoWriter(p, [''], 0);
      const data = await fs.readFile(p);
      return { data, writer: await w };
    },
    withFifo,
  ),
  s('readFile: signal already aborted', (fs, d) => fs.readFile(join(d, 'a.txt'), { signal: AbortSignal.abort() })),
  s('readFile: signal already aborted with a reason', (fs, d) =>
    fs.readFile(join(d, 'a.txt'), { signal: AbortSignal.abort(new Error('stop it')) }),
  ),
  s('readFile: signal already aborted, missing file (abort wins)', (fs, d) =>
    fs.readFile(join(d, 'missing'), { signal: AbortSignal.abort() }),
  ),
  s('readFile: aborted right after the call', async (fs, d) => {
    const ac = new AbortController();
    const p = fs.readFile(join(d, 'a.txt'), { signal: ac.signal });
    ac.abort();
    return p;
  }),
  s(
    'readFile: FIFO aborted mid-way',
    async (fs, d) => {
      const p = join(d, 'fifo');
      const w = fifoWriter(p, ['first', 'second'], 300);
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      try {
        return await fs.readFile(p, { signal: ac.signal, encoding: 'utf8' });
      } finally {
        await w;
      }
    },
    withFifo,
  ),
  s('readFile: signal not aborted', (fs, d) =>
    fs.readFile(join(d, 'a.txt'), { signal: new AbortController().signal, encoding: 'utf8' }),
  ),
  s('readFile: a FileHandle as the argument', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    try {
      return await fs.readFile(fh, 'utf8');
    } finally {
      await fh.close();
    }
  }),
  s('readFile: a FileHandle, from its current position', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    try {
      await fh.read(Buffer.alloc(6), 0, 6, null);
      return await fs.readFile(fh, 'utf8');
    } finally {
      await fh.close();
    }
  }),
  s('readFile: an fd number as the argument', async (fs, d) => {
    const fd = openSync(join(d, 'a.txt'), 'r');
    try {
      return await fs.readFile(fd as never, 'utf8');
    } finally {
      closeSync(fd);
    }
  }),
];

// Node only: node:fs/promises' argument checks (lib/internal/validators.js, lib/internal/fs/utils.js), each
// throwing the error Node throws, with its code and message: ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE,
// ERR_OUT_OF_RANGE. Paths come back as what the kernel gets (a string or Buffer) plus their text for messages.
import { O_RDONLY, stringFlags } from '../async/args.ts';
import { fileURLToPath } from 'node:url';
import { invalidArgType, invalidArgValue, outOfRange } from './errors.ts';

/** A validated path: `arg` for the ring (string or bytes), `text` for error messages. */
export interface CheckedPath {
  arg: string | Buffer;
  text: string;
}

function isUrlLike(p: unknown): p is URL {
  if (p instanceof URL) return true;
  const u = p as { href?: unknown; protocol?: unknown; auth?: unknown; path?: unknown } | null;
  return u != null && !!u.href && !!u.protocol && u.auth === undefined && u.path === undefined;
}

/** getValidatedPath: a string, Buffer / Uint8Array or file: URL without NUL bytes. */
export function checkPath(p: unknown, name = 'path'): CheckedPath {
  if (isUrlLike(p)) p = fileURLToPath(p); // Node's own URL errors (ERR_INVALID_URL_SCHEME, ...)
  if (typeof p === 'string') {
    if (p.includes('\u0000')) throw invalidArgValue(name, p, 'must be a string, Uint8Array, or URL without null bytes');
    return { arg: p, text: p };
  }
  if (p instanceof Uint8Array) {
    if (p.includes(0)) throw invalidArgValue(name, p, 'must be a string, Uint8Array, or URL without null bytes');
    const b = Buffer.isBuffer(p) ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength);
    return { arg: b, text: b.toString() };
  }
  throw invalidArgType(name, 'of type string or an instance of Buffer or URL', p);
}

/** validateInteger(value, name, min, max). */
export function checkInteger(
  v: unknown,
  name: string,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof v !== 'number') throw invalidArgType(name, 'of type number', v);
  if (!Number.isInteger(v)) throw outOfRange(name, 'an integer', v);
  if (v < min || v > max) throw outOfRange(name, `>= ${min} && <= ${max}`, v);
  return v;
}

/** validateInt32. */
export function checkInt32(v: unknown, name: string, min = -2147483648, max = 2147483647): number {
  return checkInteger(v, name, min, max);
}

/** validateUint32. */
export function checkUint32(v: unknown, name: string): number {
  return checkInteger(v, name, 0, 4294967295);
}

/** validateBoolean. */
export function checkBoolean(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') throw invalidArgType(name, 'of type boolean', v);
  return v;
}

/** validateObject (null refused unless `nullable`). */
export function checkObject(v: unknown, name: string, nullable = false): void {
  if ((v === null && !nullable) || (v !== null && (typeof v !== 'object' || Array.isArray(v))))
    throw invalidArgType(name, 'of type object', v);
}

/** validateAbortSignal. */
export function checkSignal(v: unknown, name = 'options.signal'): AbortSignal | undefined {
  if (v !== undefined && (v === null || typeof v !== 'object' || !('aborted' in v)))
    throw invalidArgType(name, 'an instance of AbortSignal', v);
  return v as AbortSignal | undefined;
}

/** validateBuffer: a Buffer, TypedArray or DataView. */
export function checkBuffer(v: unknown, name = 'buffer'): ArrayBufferView {
  if (!ArrayBuffer.isView(v)) throw invalidArgType(name, 'an instance of Buffer, TypedArray, or DataView', v);
  return v;
}

/** validateBufferArray. */
export function checkBufferArray(v: unknown, name = 'buffers'): ArrayBufferView[] {
  if (!Array.isArray(v)) throw invalidArgType(name, 'an ArrayBufferView[]', v);
  for (const b of v) if (!ArrayBuffer.isView(b)) throw invalidArgType(name, 'an ArrayBufferView[]', v);
  return v;
}

/** validateStringAfterArrayBufferView: data that is not bytes must be a string. */
export function checkStringData(v: unknown, name: string): string {
  if (typeof v !== 'string')
    throw invalidArgType(name, 'of type string or an instance of Buffer, TypedArray, or DataView', v);
  return v;
}

/** assertEncoding: undefined / null / 'buffer' or an encoding Buffer knows. */
export function checkEncoding(enc: unknown): void {
  if (enc && enc !== 'buffer' && !Buffer.isEncoding(enc as string))
    throw invalidArgValue('encoding', enc, 'is invalid encoding');
}

/** validateEncoding(data, encoding): hex strings must have an even length. */
export function checkDataEncoding(data: string, enc: unknown): void {
  if (typeof enc === 'string' && enc.toLowerCase() === 'hex' && data.length % 2 !== 0)
    throw invalidArgValue('encoding', enc, `is invalid for data of length ${data.length}`);
}

/** getOptions(options, defaults): a string is the encoding; null / undefined / a function: the defaults. */
export function getOptions(options: unknown, defaults: Record<string, unknown>): Record<string, Untyped> {
  if (options == null || typeof options === 'function') return defaults;
  let o: Record<string, Untyped>;
  if (typeof options === 'string') o = { ...defaults, encoding: options };
  else if (typeof options !== 'object') throw invalidArgType('options', 'one of type string or object', options);
  else o = options as Record<string, Untyped>;
  if (o.encoding !== 'buffer') checkEncoding(o.encoding);
  if (o.signal !== undefined) checkSignal(o.signal, 'options.signal');
  return o;
}

/** stringToFlags: Node's flag strings ('r', 'wx', 'a+', ...; the async layer's table) or O_* bits as given. */
export function toFlags(flags: unknown, name = 'flags'): number {
  if (typeof flags === 'number') return checkInt32(flags, name);
  if (flags == null) return O_RDONLY;
  const f = typeof flags === 'string' ? stringFlags(flags) : undefined;
  if (f === undefined) throw invalidArgValue('flags', flags);
  return f;
}

/** parseFileMode: a 32-bit unsigned integer or an octal string; `def` when null / undefined. */
export function toMode(value: unknown, name: string, def: number): number {
  value ??= def;
  if (typeof value === 'string') {
    if (!/^[0-7]+$/.test(value))
      throw invalidArgValue(name, value, 'must be a 32-bit unsigned integer or an octal string');
    value = Number.parseInt(value, 8);
  }
  // Node takes any uint32 and passes it on; open(2) and mkdir(2) keep only its low 12 bits (S_IALLUGO), which is
  // all io_uring's builders accept.
  return checkUint32(value, name) & 0o7777;
}

/** validateOffsetLengthRead. */
export function checkOffsetLengthRead(offset: number, length: number, bufferLength: number): void {
  if (offset < 0) throw outOfRange('offset', '>= 0', offset);
  if (length < 0) throw outOfRange('length', '>= 0', length);
  if (offset + length > bufferLength) throw outOfRange('length', `<= ${bufferLength - offset}`, length);
}

/** validateOffsetLengthWrite. */
export function checkOffsetLengthWrite(offset: number, length: number, byteLength: number): void {
  if (offset > byteLength) throw outOfRange('offset', `<= ${byteLength}`, offset);
  if (length > byteLength - offset) throw outOfRange('length', `<= ${byteLength - offset}`, length);
  if (length < 0) throw outOfRange('length', '>= 0', length);
  checkInt32(length, 'length', 0);
}

/** A FileHandle read / write position as the ring takes it. Node 20's FileHandle methods use a safe integer >= 0
 *  and read or write at the file position for anything else (null, -1, other negatives, fractions, bigints,
 *  2^53 and beyond): measured on Node 20.20, and matched here. */
export function filePosition(p: unknown): number {
  return typeof p === 'number' && Number.isSafeInteger(p) && p >= 0 ? p : -1;
}

/** An argument as node:fs/promises takes it: anything, until checked (Node's own functions are untyped JS). */
// biome-ignore lint/suspicious/noExplicitAny: the arguments are checked at run time, as Node checks them
export type Untyped = any;

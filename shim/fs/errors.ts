// Node only: errors shaped exactly like node:fs/promises' own. System errors as libuv's UVException makes them
// (`ENOENT: no such file or directory, open '/x'`, errno negative, code, syscall, path, dest, in that order);
// Node's ERR_* argument errors (a TypeError / RangeError with `code`, whose String() is `TypeError [CODE]: ...`);
// AbortError (ABORT_ERR) and the error of a closed FileHandle.
import { getSystemErrorMap, inspect } from 'node:util';

const SYSTEM = getSystemErrorMap();

/** Node's fs error for `errno` (either sign) from `syscall`, about `path` (and `dest`). */
export function uvError(errno: number, syscall: string, path?: string, dest?: string): NodeJS.ErrnoException {
  const n = -Math.abs(errno);
  const [code, desc] = SYSTEM.get(n) ?? ['UNKNOWN', 'unknown error'];
  let message = `${code}: ${desc}, ${syscall}`;
  if (path !== undefined) message += ` '${path}'`;
  if (dest !== undefined) message += ` -> '${dest}'`;
  const e = new Error(message) as NodeJS.ErrnoException;
  e.errno = n;
  e.code = code;
  e.syscall = syscall;
  if (path !== undefined) e.path = path;
  if (dest !== undefined) (e as { dest?: string }).dest = dest;
  return e;
}

/** An error from the ring (a UringError: errno, the op's name) as Node's error for `syscall` on `path`. Anything
 *  else (an AbortError, an argument error) passes through unchanged. */
export function asNode(err: unknown, syscall: string, path?: string, dest?: string): unknown {
  const e = err as { errno?: unknown; name?: string };
  if (e !== null && typeof e === 'object' && e.name === 'UringError' && typeof e.errno === 'number')
    return uvError(e.errno, syscall, path, dest);
  return err;
}

/** A node:internal/errors style error: class `Base`, `code`, and Node's `Name [CODE]: message` String(). */
function nodeError<T extends Error>(Base: new (m: string) => T, code: string, message: string): T & { code: string } {
  const e = new Base(message) as T & { code: string };
  Object.defineProperty(e, 'code', { value: code, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(e, 'toString', {
    value(this: Error) {
      return `${this.name} [${code}]: ${this.message}`;
    },
    enumerable: false,
    writable: true,
    configurable: true,
  });
  // The stack's first line reads as Node's does.
  if (typeof e.stack === 'string') e.stack = e.stack.replace(/^\w+/, `${e.name} [${code}]`);
  return e;
}

/** Node's description of a received value (internal/errors determineSpecificType). */
export function received(value: unknown): string {
  if (value == null) return `${value}`;
  if (typeof value === 'function' && value.name) return `function ${value.name}`;
  if (typeof value === 'object') {
    const ctor = (value as { constructor?: { name?: string } }).constructor;
    if (ctor?.name) return `an instance of ${ctor.name}`;
    return inspect(value, { depth: -1 });
  }
  let shown = inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return `type ${typeof value} (${shown})`;
}

/** ERR_INVALID_ARG_TYPE: `The "name" argument must be <expected>. Received ...`. `expected` is Node's wording
 *  ('of type string or an instance of Buffer or URL'); names with a dot are properties ('The "options.flush"
 *  property must be ...'). */
export function invalidArgType(name: string, expected: string, value: unknown): TypeError {
  const kind = name.includes('.') ? 'property' : 'argument';
  return nodeError(
    TypeError,
    'ERR_INVALID_ARG_TYPE',
    `The "${name}" ${kind} must be ${expected}. Received ${received(value)}`,
  );
}

/** ERR_INVALID_ARG_VALUE: `The argument 'name' <reason>. Received <inspect(value)>`. */
export function invalidArgValue(name: string, value: unknown, reason = 'is invalid'): TypeError {
  const kind = name.includes('.') ? 'property' : 'argument';
  let shown = inspect(value);
  if (shown.length > 128) shown = `${shown.slice(0, 128)}...`;
  return nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The ${kind} '${name}' ${reason}. Received ${shown}`);
}

/** Node's addNumericalSeparator: 1_000_000 for big integers in range messages. */
function separated(v: string): string {
  let res = '';
  let i = v.length;
  const start = v[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) res = `_${v.slice(i - 3, i)}${res}`;
  return `${v.slice(0, i)}${res}`;
}

/** ERR_OUT_OF_RANGE: `The value of "name" is out of range. It must be <range>. Received <value>`. */
export function outOfRange(name: string, range: string, value: unknown): RangeError {
  let shown: string;
  if (Number.isInteger(value) && Math.abs(value as number) > 2 ** 32) shown = separated(String(value));
  else if (typeof value === 'bigint') {
    shown = String(value);
    if (value > 2n ** 32n || value < -(2n ** 32n)) shown = separated(shown);
    shown += 'n';
  } else shown = inspect(value);
  return nodeError(
    RangeError,
    'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${shown}`,
  );
}

/** ERR_FS_FILE_TOO_LARGE (readFile of a file over 2 GiB). */
export function fileTooLarge(size: number): RangeError {
  return nodeError(RangeError, 'ERR_FS_FILE_TOO_LARGE', `File size (${size}) is greater than 2 GiB`);
}

/** ERR_INVALID_ARG_TYPE etc. under another code (ERR_INVALID_STATE, ...). */
export function plainNodeError(Base: typeof Error | typeof TypeError, code: string, message: string): Error {
  return nodeError(Base, code, message);
}

/** Node's AbortError (name AbortError, code ABORT_ERR, the signal's reason as cause). */
export class AbortError extends Error {
  /** 'ABORT_ERR' */
  code = 'ABORT_ERR';
  /** @param cause the signal's reason */
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AbortError';
  }
}

/** Throws Node's AbortError if `signal` was aborted. */
export function checkAborted(signal: AbortSignal | undefined | null): void {
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
}

/** A closed FileHandle's error (Node: 'file closed', code EBADF, syscall the method's fs function). */
export function closedHandle(syscall: string): Error {
  const e = new Error('file closed') as NodeJS.ErrnoException;
  e.code = 'EBADF';
  e.syscall = syscall;
  return e;
}

/** Node's aggregateTwoErrors(closeError, opError): both, under the operation's message and code. */
export function aggregate(closeError: unknown, opError: unknown): unknown {
  if (!closeError || closeError === opError) return opError;
  const op = opError as { message?: string; code?: string; errors?: unknown[] };
  if (Array.isArray(op.errors)) {
    op.errors.push(closeError);
    return op;
  }
  const e = new AggregateError([opError, closeError], op.message) as AggregateError & { code?: string };
  e.code = op.code;
  return e;
}

// Node only: the errors the async IoUring makes itself (kernel errors are UringErrors from ts/errors.ts).

/** What an op rejects with once its AbortSignal fired, shaped like Node's (name AbortError, code ABORT_ERR). */
export function abortError(signal: AbortSignal): Error {
  const e = new Error('The operation was aborted', { cause: signal.reason }) as Error & { code: string };
  e.name = 'AbortError';
  e.code = 'ABORT_ERR';
  return e;
}

/** What an op started on a closed (or closing) ring rejects with. */
export function closedError(what: string): Error {
  const e = new Error(`IoUring.${what}: the ring is closed`) as Error & { code: string };
  e.code = 'ERR_URING_CLOSED';
  return e;
}

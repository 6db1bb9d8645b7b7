// Node only: the public option and iterator types of the async IoUring.
import type { SetupOptions } from '../kernel.ts';

/** Options every op method takes (last argument). */
export interface OpOptions {
  /** Cancel the op (ASYNC_CANCEL); the promise rejects with an AbortError whose cause is the signal's reason. */
  signal?: AbortSignal | undefined;
  /** IOSQE_IO_LINK: the next op started on this ring runs only after this one succeeds (a chain). */
  link?: boolean | undefined;
  /** A LINK_TIMEOUT (ms): the op is cancelled if not done in time; it then rejects with ETIME. */
  timeout?: number | undefined;
  /** Extra IOSQE_* flags (ASYNC, DRAIN, HARDLINK, FIXED_FILE, ...). */
  sqeFlags?: number | undefined;
}

/** `IoUring.create` options: every setup parameter of the kernel ring (entries, cqEntries, flags, ...). */
export interface IoUringOptions extends SetupOptions {}

/** What a multishot op yields and how it ends: `for await (const fd of ring.acceptMultishot(lfd)) ...`. */
export interface MultishotIterator<T> extends AsyncIterableIterator<T> {
  /** Stop: cancels the op and resolves once its final CQE arrived. */
  return(): Promise<IteratorResult<T, undefined>>;
}

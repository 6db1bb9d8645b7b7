// Node only: the async io_uring API (`IoUring`) and what its methods take and give.
export { IoUring } from './io-uring.ts';
export type { EngineName, IoUringOptions, MultishotIterator, OpOptions } from './types.ts';
export { engineChoice } from './engines.ts';
export { Statx } from './statx.ts';
export { localAddress, parseSockaddr, type LocalAddress, type SockAddr } from './sockaddr.ts';

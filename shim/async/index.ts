// Node only: the async io_uring API (`IoUring`) and what its methods take and give.
export { IoUring } from './io-uring.ts';
export type { EngineName, IoUringOptions, MultishotIterator, OpOptions } from './types.ts';
export { engineChoice } from './engines.ts';
export { Statx } from './statx.ts';
export { localAddress, parseSockaddr, type LocalAddress, type SockAddr } from './sockaddr.ts';
// The op families IoUring's interface extends (their methods are IoUring's; exported so the types are nameable).
export type { FileOps } from './ops-files.ts';
export type { FsOps, Path } from './ops-fs.ts';
export type { NetOps } from './ops-net.ts';
export type { PollOps } from './ops-poll.ts';
export type { MultishotOps } from './ops-multishot.ts';

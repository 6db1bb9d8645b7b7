// uring_cmd (64- and 128-byte SQEs) and the socket commands.
export {};

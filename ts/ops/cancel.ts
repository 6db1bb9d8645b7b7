// async cancel by user_data, fd, fixed fd, opcode, any, all.
export {};

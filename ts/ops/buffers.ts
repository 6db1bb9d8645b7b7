// provide_buffers, remove_buffers.
export {};

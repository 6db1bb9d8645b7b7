// One core and encoder per test file.
import { loadCore } from '../../ts/core/load-node.ts';
import { SqeEncoder } from '../../ts/sqe/encoder.ts';

export const core = loadCore();
export const enc = new SqeEncoder(core);

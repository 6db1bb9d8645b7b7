// A small seeded PRNG (mulberry32) so every random test is replayable from its seed: the fuzzer's.
export { rng } from '../../ts/fuzz/rng.ts';

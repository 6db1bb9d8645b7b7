// Random builder options for any op spec: the fuzzer's sampler (ts/fuzz/sample.ts), shared by the tests.
export { sampleOptions } from '../../ts/fuzz/sample.ts';

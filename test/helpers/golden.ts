export interface Golden {
  /** Builder name. */
  op: string;
  /** Builder options (its arguments and common options). */
  args: Record<string, unknown>;
  /** Expected SQE fields by kernel name (test/helpers/pack.ts); every other byte must be zero. */
  expect: Record<string, number | bigint>;
  /** 128 for SQE128 ops. */
  size?: 64 | 128;
}

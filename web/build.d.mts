export const ROOT: string;
export const OUT: string;
export function buildWeb(opts?: { outdir?: string; minify?: boolean }): Promise<import('esbuild').Metafile>;

export function startServer(opts?: {
  port?: number;
  host?: string;
  dir?: string;
}): Promise<{ url: string; port: number; close(): Promise<void> }>;

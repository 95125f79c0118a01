import { spawn, type ChildProcess } from 'node:child_process';
import { signV3 } from '../http/verify-signature';

export interface Child {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** BENCH_WORKER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"): node flags for a bench's worker processes, to profile them. */
export function workerNodeArgs(): string[] {
  return process.env.BENCH_WORKER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
}

/** Starts a node script as its own process and waits for its "listening" line. */
export async function startChild(script: string, env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [...nodeArgs, script], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /"message":"leadloop listening".*?"url":"(http:\/\/[^"]+)"/.exec(out);
      if (!m) return;
      // Once listening, the child's logs are only drained: searching all of them again on every chunk cost this
      // process (the sandbox's) CPU growing with the square of the log, taken from the run it measures.
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      out = '';
      resolve(m[1]!);
    };
    const onExit = (code: number | null) => reject(new Error(`${script} exited (${code}) before listening:\n${out}`));
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
  child.stdout!.resume();
  return {
    child,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A one-line progress bar on stderr, so long runs show they are alive without polluting the result lines. */
export function progress(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
}

/** A webhook delivery as HubSpot sends it: the JSON body and its v3 signature, signed now for `url`. */
export function signedDelivery(secret: string, url: string, events: readonly unknown[]): { method: 'POST'; body: string; headers: Record<string, string> } {
  const body = JSON.stringify(events);
  const timestamp = String(Date.now());
  return { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-HubSpot-Signature-v3': signV3(secret, 'POST', url, body, timestamp), 'X-HubSpot-Request-Timestamp': timestamp } };
}

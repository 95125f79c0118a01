import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const MAIN_JS = path.resolve(__dirname, '../../dist/main.js');

export interface SpawnedLeadloop {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the built app (`npm run build` first; `npm test` does) as its own process, as `npm start` would. */
export async function spawnLeadloop(env: Record<string, string>): Promise<SpawnedLeadloop> {
  if (!fs.existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build\` (npm test does)`);
  const child = spawn(process.execPath, [MAIN_JS], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', LEADLOOP_SANDBOX: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 15_000;
  for (;;) {
    const match = /"message":"leadloop listening".*?"url":"(http:\/\/[^"]+)"/.exec(out);
    if (match) return { child, url: match[1]!, output: () => out, exited };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`leadloop did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { spawnServer } from '../test/helpers/process.js';

/** A bot under load, in its own process. */
export interface BotProcess {
  readonly url: string;
  /** From spawn to the line saying it listens. */
  readonly startupMs: number;
  /** The process's peak resident memory so far (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

const ECHO_BUILD = 'dist/bench/echo-bot.js';

function peakRssMb(pid: number): number {
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Math.round(Number(kb) / 1024) : NaN;
}

/** The product as `npm start` runs it (the build in dist/), with the given settings. */
export async function startProduct(env: Record<string, string>): Promise<BotProcess> {
  const started = performance.now();
  // BENCH_CPU_PROF=<folder> profiles each product process (open the .cpuprofile files in Chrome DevTools).
  const profile = process.env['BENCH_CPU_PROF'];
  const server = spawnServer({ PORT: '0', ...env }, profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []);
  // Generous: on a busy shared machine start-up can take many times its usual second or two.
  const url = await server.listening(180_000);
  const startupMs = Math.round(performance.now() - started);
  const pid = server.child.pid!;
  return {
    url,
    startupMs,
    peakRssMb: () => peakRssMb(pid),
    async stop() {
      server.child.kill('SIGTERM');
      const code = await server.exited();
      if (code !== 0) throw new Error(`the product exited with ${code}:\n${server.output().slice(-2000)}`);
    },
  };
}

/** The bare echo bot (bench/echo-bot.ts), transpiled and run the way the product is. */
export async function startEcho(): Promise<BotProcess> {
  await build({ entryPoints: ['bench/echo-bot.ts'], outfile: ECHO_BUILD, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
  const started = performance.now();
  const child = spawn(process.execPath, ['--no-deprecation', ECHO_BUILD], {
    env: { PATH: process.env['PATH'] ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(text);
      if (found) resolve(found[1]!);
    });
    void exited.then((code) => reject(new Error(`the echo bot exited with ${code}: ${text}`)));
  });
  const pid = child.pid!;
  return {
    url,
    startupMs: Math.round(performance.now() - started),
    peakRssMb: () => peakRssMb(pid),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { spawnServer } from '../test/helpers/process.js';

/** A bot under load, in its own process. */
export interface BotProcess {
  readonly url: string;
  readonly pid: number;
  /** From spawn to the line saying it listens. */
  readonly startupMs: number;
  /** The process's peak resident memory so far (VmHWM), in MB. */
  peakRssMb(): number;
  /** CPU time the process has used so far (user and system, every thread), in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

const ECHO_BUILD = 'dist/bench/echo-bot.js';
const ALLOCATION_PROFILE_BUILD = 'dist/bench/allocation-profile.js';
/** Bench files run in their own processes are transpiled the way the product is. */
const benchBuild = { platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' } as const;

/** Kernel clock ticks per second, the unit of /proc/<pid>/stat's times (100 on Linux). */
const TICKS_PER_SECOND = 100;

function cpuMs(pid: number): number {
  // Fields after the command name (which may hold spaces), so utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function peakRssMb(pid: number): number {
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Math.round(Number(kb) / 1024) : NaN;
}

/**
 * BENCH_CPU_PROF=<folder> writes a .cpuprofile per product process, BENCH_ALLOC_PROF=<folder> an
 * allocation profile (see allocation-profile.ts); both open in Chrome DevTools.
 */
async function profilers(): Promise<{ env: Record<string, string>; options: string[] }> {
  const cpu = process.env['BENCH_CPU_PROF'];
  const allocations = process.env['BENCH_ALLOC_PROF'];
  if (allocations) await build({ ...benchBuild, entryPoints: ['bench/allocation-profile.ts'], outfile: ALLOCATION_PROFILE_BUILD });
  return {
    env: allocations ? { BENCH_ALLOC_PROF: allocations } : {},
    options: [...(cpu ? ['--cpu-prof', `--cpu-prof-dir=${cpu}`] : []), ...(allocations ? ['--import', `./${ALLOCATION_PROFILE_BUILD}`] : [])],
  };
}

/** The product as `npm start` runs it (the build in dist/), with the given settings. */
export async function startProduct(env: Record<string, string>): Promise<BotProcess> {
  const profiling = await profilers();
  const started = performance.now();
  const server = spawnServer({ PORT: '0', ...env, ...profiling.env }, profiling.options);
  // Generous: on a busy shared machine start-up can take many times its usual second or two.
  const url = await server.listening(180_000);
  const startupMs = Math.round(performance.now() - started);
  const pid = server.child.pid!;
  return {
    url,
    pid,
    startupMs,
    peakRssMb: () => peakRssMb(pid),
    cpuMs: () => cpuMs(pid),
    async stop() {
      server.child.kill('SIGTERM');
      const code = await server.exited();
      if (code !== 0) throw new Error(`the product exited with ${code}:\n${server.output().slice(-2000)}`);
    },
  };
}

/** The bare echo bot (bench/echo-bot.ts), transpiled and run the way the product is. */
export async function startEcho(): Promise<BotProcess> {
  await build({ ...benchBuild, entryPoints: ['bench/echo-bot.ts'], outfile: ECHO_BUILD });
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
    pid,
    startupMs: Math.round(performance.now() - started),
    peakRssMb: () => peakRssMb(pid),
    cpuMs: () => cpuMs(pid),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * How long a bare Node.js and the echo bot take to start on this machine right now (medians of `runs`):
 * the floor under the product's start-up, which on a slowed-down machine can be several times its usual.
 */
export async function startupFloor(runs = 3): Promise<{ nodeMs: number; echoMs: number }> {
  const node: number[] = [];
  const echo: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    node.push(performance.now() - started);
    const bot = await startEcho();
    echo.push(bot.startupMs);
    await bot.stop();
  }
  return { nodeMs: median(node), echoMs: median(echo) };
}

export const median = (values: readonly number[]) => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN);

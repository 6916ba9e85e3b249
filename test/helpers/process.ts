import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  readonly child: ChildProcess;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with the bot's URL once it says it is listening; rejects if it exits first. */
  listening(timeoutMs?: number): Promise<string>;
  exited(): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Kills every server a test started and left running (after a failed assertion, say). */
export function killServers(): void {
  // One started through npm leads a process group of its own: the group goes, with whatever npm started.
  for (const child of running) child.spawnargs[0] === 'npm' ? process.kill(-child.pid!, 'SIGKILL') : child.kill('SIGKILL');
  running.clear();
}

/**
 * Starts the built server (dist/server.js) as its own process, as `npm start` does, with only the given
 * settings; or `npm start` itself, leading a process group as in a terminal of its own.
 */
export function spawnServer(env: Record<string, string>, nodeOptions: readonly string[] = [], launcher: 'node' | 'npm' = 'node'): ServerProcess {
  const [command, args] = launcher === 'npm' ? ['npm', ['start', '--silent']] : [process.execPath, ['--no-deprecation', ...nodeOptions, 'dist/server.js']];
  const child = spawn(command, args, {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: launcher === 'npm',
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  running.add(child);
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return {
    child,
    output: () => text,
    exited: () => exit,
    listening(timeoutMs = 30000) {
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`not listening after ${timeoutMs} ms:\n${text}`));
        }, timeoutMs);
        const check = () => {
          const found = /Publisher Desk listening on (http:\/\/[^\s"]+)/.exec(text);
          if (found) {
            clearTimeout(timer);
            resolve(found[1]!);
          }
        };
        child.stdout!.on('data', check);
        void exit.then((code) => {
          clearTimeout(timer);
          reject(new Error(`exited with ${code} before listening:\n${text}`));
        });
        check();
      });
    },
  };
}

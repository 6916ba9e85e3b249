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
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Starts the built server (dist/server.js) as its own process, as `npm start` does, with only the given settings. */
export function spawnServer(env: Record<string, string>, nodeOptions: readonly string[] = []): ServerProcess {
  const child = spawn(process.execPath, ['--no-deprecation', ...nodeOptions, 'dist/server.js'], {
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
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

// npm run playground: the bot (local mode) plus the Microsoft 365 Agents Playground talking to it.
// Environment: PORT, STORAGE_FILE (default data/playground.json), LOG_LEVEL go to the bot;
// TEAMSAPPTESTER_BROWSER=none stops the Playground from opening a browser tab.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => `${root}node_modules/.bin/${name}`;
const LISTENING = 'Publisher Desk listening on';

// A separate file, so trying things out never touches the data `npm start` uses.
const env = { ...process.env, STORAGE_FILE: process.env.STORAGE_FILE || 'data/playground.json' };

const children = new Set();
let exitCode;

function start(name, command, args, extraEnv = {}) {
  const child = spawn(command, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (exitCode === undefined) {
      exitCode = code ?? (signal ? 1 : 0);
      if (children.size > 0) console.error(`[playground] ${name} stopped (${signal ?? `exit ${code}`}); stopping the rest`);
    }
    stopAll('SIGTERM');
    if (children.size === 0) process.exit(exitCode);
  });
  return child;
}

function stopAll(signal) {
  for (const child of children) child.kill(signal);
}

function eachLine(stream, onLine) {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    process.stdout.write(`${line}\n`);
    onLine(line);
  });
}

function botUrl(line) {
  if (!line.includes(LISTENING)) return undefined;
  try {
    return JSON.parse(line).url; // pino's line carries the URL actually bound (PORT=0 picks one)
  } catch {
    return line.slice(line.indexOf(LISTENING) + LISTENING.length).trim().split(/["\s]/)[0];
  }
}

// The tsx binary rather than `npx tsx`: one process less between us and the bot, so signals arrive directly.
const bot = start('bot', bin('tsx'), ['--no-deprecation', 'src/server.ts']);
let playground;
eachLine(bot.stdout, (line) => {
  const url = playground ? undefined : botUrl(line);
  if (!url || exitCode !== undefined) return;
  const endpoint = `${url}/api/messages`;
  const loopbackOnly = `--require ${JSON.stringify(`${root}scripts/loopback-only.cjs`)}`;
  playground = start('Playground', bin('agentsplayground'), ['-e', endpoint, '-c', 'msteams', '--disable-telemetry'], {
    NODE_OPTIONS: [process.env.NODE_OPTIONS, loopbackOnly].filter(Boolean).join(' '),
  });
  // The Playground moves to a random port when 56150 is taken, so report the one it chose
  // (it prints "Listening on" twice when its output is not a terminal).
  let announced = false;
  eachLine(playground.stdout, (out) => {
    const port = /^Listening on (\d+)$/.exec(out)?.[1];
    if (!port || announced) return;
    announced = true;
    console.log(`\n[playground] Open http://127.0.0.1:${port} (bot: ${endpoint}, data: ${env.STORAGE_FILE}). Ctrl+C stops both.\n`);
  });
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    exitCode ??= 0;
    stopAll(signal);
    // A child that ignores the signal must not keep the terminal hostage.
    setTimeout(() => stopAll('SIGKILL'), 5000).unref();
  });
}

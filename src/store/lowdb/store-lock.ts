import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';
import { StoreOpenError } from '../store.js';

// lowdb serves one process: a second one on the same files would replay, cut and rewrite them under the
// first. The lock file names the process that holds the store, so another can tell whether it still runs.

const holderSchema = z.object({
  host: z.string(),
  pid: z.number().int().positive(),
  /** Linux's boot ID and the process's start time since boot: a PID alone may be another process's now. */
  boot: z.string().optional(),
  started: z.string().optional(),
});
type Holder = z.infer<typeof holderSchema>;

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** A process's start time in clock ticks since boot (the 22nd field of /proc/<pid>/stat), where Linux tells. */
function startTime(pid: number): string | undefined {
  return readOrUndefined(`/proc/${pid}/stat`)?.replace(/^.*\) /s, '').split(' ')[19];
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the holder is gone: a process on another machine cannot be checked, so it is never taken for gone. */
function gone(holder: Holder | undefined, boot: string | undefined): boolean {
  if (!holder) return true; // a lock file left empty by a crash as it was being written
  if (holder.host !== hostname()) return false;
  if (holder.boot && boot && holder.boot !== boot) return true;
  if (!running(holder.pid)) return true;
  return !!holder.started && startTime(holder.pid) !== holder.started;
}

/**
 * Takes the store's lock, or stops start-up naming the process that holds it. A lock left by a process
 * that is gone from this machine is taken over. Returns what gives the lock back.
 */
export function lockStore(storePath: string, lockPath: string): () => void {
  const boot = readOrUndefined('/proc/sys/kernel/random/boot_id');
  const me: Holder = { host: hostname(), pid: process.pid, boot, started: startTime(process.pid) };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      return () => {
        try {
          unlinkSync(lockPath);
        } catch {
          // Already gone (deleted by hand): nothing left to give back.
        }
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new StoreOpenError(lockPath, `cannot be written (${(error as Error).message})`);
      const text = readOrUndefined(lockPath);
      const holder = holderSchema.safeParse(text ? safeJson(text) : undefined).data;
      if (attempt > 0 || !gone(holder, boot)) {
        throw new StoreOpenError(
          storePath,
          `is in use by process ${holder?.pid ?? '?'} on ${holder?.host ?? '?'}: lowdb serves one process. Stop that one, or, if it is no longer running, delete ${lockPath}`,
        );
      }
      removeStale(lockPath, text);
    }
  }
}

/** A take-over file older than this is from a process that died taking over, not one doing it now. */
const TAKEOVER_STALE_MS = 10_000;

/**
 * Removes the lock file if it still holds what was judged stale. Two processes starting at once take turns
 * through a second file made exclusively, so neither removes the lock the other has just made; whichever then
 * makes the lock first holds the store, and the other is refused.
 */
export function removeStale(lockPath: string, stale: string | undefined): void {
  const turnPath = `${lockPath}.takeover`;
  let turn: number;
  try {
    turn = openSync(turnPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process is taking over: its new lock will refuse this one. One that died doing so is cleared.
    if (Date.now() - statSync(turnPath).mtimeMs <= TAKEOVER_STALE_MS) return;
    unlinkSync(turnPath);
    return removeStale(lockPath, stale);
  }
  try {
    const current = readOrUndefined(lockPath);
    if (current !== undefined && current === stale) unlinkSync(lockPath);
  } finally {
    closeSync(turn);
    unlinkSync(turnPath);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

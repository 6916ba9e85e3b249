import { truncateSync } from 'node:fs';
import { open, truncate } from 'node:fs/promises';
import type { AuditEvent } from '../../domain/model.js';
import type { AuditHistory } from '../document-session.js';
import { StoreOpenError } from '../store.js';
import { AppendOnlyFile, parseLine } from './json-lines.js';
import { auditEventSchema } from './schema.js';

/**
 * A tenant's audit events as JSON Lines, only ever appended: recording an event costs the same however
 * long the history is. The tenant file (with its journal) says how many lines are committed; lines
 * past that count come from a write that never finished, and are cut off. In memory it keeps where each
 * line ends, not the events: a history page is read from the file, so a long history costs memory
 * only for its line ends (8 bytes an event).
 */
export class AuditLog {
  readonly #file: AppendOnlyFile;
  /** Where each committed line ends, in bytes from the start of the file. */
  readonly #lineEnds: number[];
  /** Where each line of an append not yet committed ends. */
  #pendingEnds: number[] = [];

  private constructor(
    private readonly path: string,
    lineEnds: number[],
  ) {
    this.#file = new AppendOnlyFile(path);
    this.#lineEnds = lineEnds;
  }

  /** The log of a tenant that has none yet; a stale file from an unfinished first write is cut off. */
  static empty(path: string): AuditLog {
    return new AuditLog(path, []);
  }

  /**
   * Checks that the log holds every committed line, each a valid event, and cuts off any line past
   * them; returns the committed length. Start-up does this before the server listens, so it is
   * synchronous (much faster for thousands of small files).
   */
  static check(path: string, text: string, committed: number): number {
    const ends = committedLineEnds(path, text, committed);
    ends.forEach((end, i) => parseLine(path, text.slice(ends[i - 1] ?? 0, end - 1), i + 1, auditEventSchema));
    const end = ends.at(-1) ?? 0;
    const committedBytes = Buffer.byteLength(text.slice(0, end));
    if (end < text.length) truncateSync(path, committedBytes);
    return committedBytes;
  }

  /** Opens the log of a tenant being loaded, from its bytes (start-up checked its lines), cutting off lines past the committed ones. */
  static async open(path: string, bytes: Buffer, committed: number): Promise<AuditLog> {
    const lineEnds = committedLineEnds(path, bytes, committed);
    const committedBytes = lineEnds.at(-1) ?? 0;
    if (committedBytes < bytes.length) await truncate(path, committedBytes);
    return new AuditLog(path, lineEnds);
  }

  /** How much of the file is committed history. */
  get bytes(): number {
    return this.#lineEnds.at(-1) ?? 0;
  }

  /** The first `length` committed events (a session's view), newest first, read from the file a page at a time. */
  history(length: number): AuditHistory {
    const { path } = this;
    const ends = this.#lineEnds;
    return {
      length,
      async newest(offset, limit) {
        const last = length - 1 - offset;
        const first = Math.max(0, last - limit + 1);
        if (last < 0 || limit <= 0) return [];
        const from = first === 0 ? 0 : ends[first - 1]!;
        const text = (await readRange(path, from, ends[last]! - from)).toString('utf8');
        const lines = text.split('\n').slice(0, last - first + 1);
        return lines.map((line, i) => parseLine(path, line, first + i + 1, auditEventSchema)).reverse();
      },
    };
  }

  /**
   * Appends events; on failure the file is cut back to what was committed before. Synchronous, like
   * the journal's append and for the same reason: a few hundred bytes, written in microseconds.
   */
  append(events: readonly AuditEvent[]): void {
    if (!events.length) return;
    const lines = events.map((e) => `${JSON.stringify(e)}\n`);
    let end = this.bytes;
    this.#pendingEnds = lines.map((line) => (end += Buffer.byteLength(line)));
    try {
      this.#file.append(lines.join(''));
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  /** Makes the last append part of the committed history. */
  commit(): void {
    this.#lineEnds.push(...this.#pendingEnds);
    this.#pendingEnds = [];
  }

  /** Cuts off an append whose journal or tenant-file write failed. */
  rollback(): void {
    this.#pendingEnds = [];
    this.#file.cutBack(this.bytes);
  }

  /** Puts the appended events on the disk (see AppendOnlyFile.flush); flushNow() does it before returning. */
  flush(): Promise<void> {
    return this.#file.flush();
  }

  flushNow(): void {
    this.#file.flushNow();
  }

  /** Makes the file, before a flush of its folder (see TenantDb). */
  create(): void {
    this.#file.create();
  }

  close(): void {
    this.#file.close();
  }
}

async function readRange(path: string, position: number, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    for (let read = 0; read < length; ) {
      const { bytesRead } = await file.read(buffer, read, length - read, position + read);
      if (!bytesRead) throw new StoreOpenError(path, `ends before byte ${position + length}, which its committed events reach`);
      read += bytesRead;
    }
    return buffer;
  } finally {
    await file.close();
  }
}

/**
 * Where each of the first `committed` lines ends, in the content's own units (characters of a string,
 * bytes of a Buffer); refuses a log with fewer complete lines than committed.
 */
function committedLineEnds(path: string, content: string | Buffer, committed: number): number[] {
  const ends: number[] = [];
  for (let newline = content.indexOf('\n'); newline !== -1 && ends.length < committed; newline = content.indexOf('\n', newline + 1)) {
    ends.push(newline + 1);
  }
  if (ends.length < committed) throw new StoreOpenError(path, `holds ${ends.length} complete events, but its tenant file records ${committed}`);
  return ends;
}

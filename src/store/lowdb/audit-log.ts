import { truncateSync } from 'node:fs';
import { truncate } from 'node:fs/promises';
import type { AuditEvent } from '../../domain/model.js';
import { StoreOpenError } from '../store.js';
import { AppendOnlyFile, parseLine, readLines, readLinesNow } from './json-lines.js';
import { auditEventSchema } from './schema.js';

/**
 * A tenant's audit events as JSON Lines, only ever appended: recording an event costs the same however
 * long the history is. The tenant file (with its journal) says how many lines are committed; lines
 * past that count come from a write that never finished, and are cut off.
 */
export class AuditLog {
  private pendingBytes = 0;
  readonly #file: AppendOnlyFile;

  private constructor(
    path: string,
    private committedBytes: number,
  ) {
    this.#file = new AppendOnlyFile(path);
  }

  /** The log of a tenant that has none yet; a stale file from an unfinished first write is cut off. */
  static empty(path: string): AuditLog {
    return new AuditLog(path, 0);
  }

  /**
   * Checks that the log holds every committed line, each a valid event, and cuts off any line past
   * them; returns the committed length. Start-up does this before the server listens, so it is
   * synchronous (much faster for thousands of small files); the events are kept only once the tenant is used.
   */
  static check(path: string, committed: number): number {
    const text = readLinesNow(path);
    const end = committedEnd(path, text, committed);
    eventsIn(path, text, end, () => undefined);
    const committedBytes = Buffer.byteLength(text.slice(0, end));
    if (end < text.length) truncateSync(path, committedBytes);
    return committedBytes;
  }

  /** How much of the file is committed history. */
  get bytes(): number {
    return this.committedBytes;
  }

  static async open(path: string, committed: number): Promise<{ log: AuditLog; events: AuditEvent[] }> {
    const text = await readLines(path);
    const end = committedEnd(path, text, committed);
    const committedBytes = Buffer.byteLength(text.slice(0, end));
    if (end < text.length) await truncate(path, committedBytes);
    const events: AuditEvent[] = [];
    eventsIn(path, text, end, (event) => events.push(event));
    return { log: new AuditLog(path, committedBytes), events };
  }

  /**
   * Appends events; on failure the file is cut back to what was committed before. Synchronous, like
   * the journal's append and for the same reason: a few hundred bytes, written in microseconds.
   */
  append(events: readonly AuditEvent[]): void {
    if (!events.length) return;
    try {
      this.pendingBytes = this.#file.append(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  /** Makes the last append part of the committed history. */
  commit(): void {
    this.committedBytes += this.pendingBytes;
    this.pendingBytes = 0;
  }

  /** Cuts off an append whose journal or tenant-file write failed. */
  rollback(): void {
    this.pendingBytes = 0;
    this.#file.cutBack(this.committedBytes);
  }

  close(): void {
    this.#file.close();
  }
}

/** Parses and validates each line before `end`, handing each event on; a bad one stops start-up naming its line. */
function eventsIn(path: string, text: string, end: number, each: (event: AuditEvent) => void): void {
  for (let start = 0, line = 1; start < end; line++) {
    const lineEnd = text.indexOf('\n', start);
    each(parseLine(path, text.slice(start, lineEnd), line, auditEventSchema));
    start = lineEnd + 1;
  }
}

/** Where the committed lines end in the text; refuses a log with fewer complete lines than committed. */
function committedEnd(path: string, text: string, committed: number): number {
  let end = 0;
  for (let lines = 0; lines < committed; lines++) {
    const newline = text.indexOf('\n', end);
    if (newline === -1) {
      throw new StoreOpenError(path, `holds ${lines} complete events, but its tenant file records ${committed}`);
    }
    end = newline + 1;
  }
  return end;
}

import { truncateSync } from 'node:fs';
import { truncate } from 'node:fs/promises';
import { applyAllChanges, changesSchema, type Changes } from '../document.js';
import { StoreOpenError } from '../store.js';
import { AppendOnlyFile, parseLine, readLines, readLinesNow } from './json-lines.js';
import type { TenantFile } from './schema.js';

/**
 * A tenant's changes since its file was last written, as JSON Lines: one line per write, holding only
 * the records that write touched. A write appends a few hundred bytes however large the organization
 * is; the tenant file is rewritten only now and then, to fold the journal back in (see TenantDb).
 *
 * The append is synchronous: a few hundred bytes land in the page cache in microseconds, where a
 * promise-based call waits its turn in the thread pool and then in the event loop, tens of
 * milliseconds under load, with the tenant's writes queued behind it.
 */
export class Journal {
  readonly #file: AppendOnlyFile;

  private constructor(
    path: string,
    private committedBytes: number,
  ) {
    this.#file = new AppendOnlyFile(path);
  }

  /** The journal of a tenant whose file has just been written in full: nothing to replay. */
  static empty(path: string): Journal {
    return new Journal(path, 0);
  }

  /**
   * Reads the journal and applies its entries to the tenant file's data, as far as the audit log's
   * `auditLines` cover them (see replay; undefined when there is no audit log); what follows, and a torn
   * last line, is cut off.
   */
  static async open(path: string, data: TenantFile, auditLines: number | undefined): Promise<{ journal: Journal; data: TenantFile }> {
    const text = await readLines(path);
    const replayed = replay(path, text, data, auditLines);
    if (replayed.bytes < Buffer.byteLength(text)) await truncate(path, replayed.bytes);
    return { journal: new Journal(path, replayed.bytes), data: replayed.data };
  }

  /** open() for start-up, which checks every tenant before the server listens: synchronous is faster there. */
  static check(path: string, data: TenantFile, auditLines: number | undefined): { bytes: number; data: TenantFile } {
    const text = readLinesNow(path);
    const replayed = replay(path, text, data, auditLines);
    if (replayed.bytes < Buffer.byteLength(text)) truncateSync(path, replayed.bytes);
    return replayed;
  }

  get bytes(): number {
    return this.committedBytes;
  }

  /** Appends one write's entry; on failure the file is cut back to what was committed before. */
  append(entry: Changes): void {
    try {
      this.committedBytes += this.#file.append(`${JSON.stringify(entry)}\n`);
    } catch (error) {
      this.#file.cutBack(this.committedBytes);
      throw error;
    }
  }

  /**
   * Empties the journal once the tenant file holds all of it. If that fails, the entries stay, and
   * loading skips them as older than the file: the write that rewrote the file is done either way.
   */
  clear(): void {
    try {
      this.#file.cutBack(0);
      this.committedBytes = 0;
    } catch {
      // Kept as it is; the next write that rewrites the file tries again.
    }
  }

  /** Makes the file, before a flush of its folder (see TenantDb). */
  create(): void {
    this.#file.create();
  }

  /** Puts the appended entries on the disk (see AppendOnlyFile.flush). */
  flush(): Promise<void> {
    return this.#file.flush();
  }

  close(): void {
    this.#file.close();
  }
}

/**
 * Applies the complete lines in order. Entries the tenant file already holds (a crash came between
 * writing it and emptying the journal) are skipped; a gap in the sequence or a damaged complete line
 * stops start-up. The text after the last newline is from an append that never finished. An entry
 * counting more audit events than the log holds lost them to a power cut before they were flushed, so
 * it was never answered, nor was any entry after it: replay stops there.
 *
 * A power cut takes only lines no flush reached. The tenant file is written once its audit lines are on
 * the disk, and the log exists on the disk from the tenant's first write on (see TenantDb): a log
 * shorter than the file counts, or none at all where an entry needs one, was cut or moved by someone,
 * and dropping entries for it would drop answered writes. Start-up stops instead.
 */
function replay(path: string, text: string, data: TenantFile, auditLines: number | undefined): { bytes: number; data: TenantFile } {
  const lines = auditLines ?? 0;
  if (lines < data.auditCount) {
    throw new StoreOpenError(path, `the audit log beside it holds ${lines} events, but the tenant file counts ${data.auditCount}: it was cut short or moved`);
  }
  const entries: Changes[] = [];
  let seq = data.seq;
  let end = 0;
  let line = 0;
  for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', end)) {
    line += 1;
    const entry = parseLine(path, text.slice(end, newline), line, changesSchema);
    if (entry.seq > seq) {
      if (entry.auditCount > lines) {
        if (auditLines === undefined) throw new StoreOpenError(path, `change ${entry.seq} has audit events, but the audit log beside it is missing`);
        break;
      }
      if (entry.seq !== seq + 1) throw new StoreOpenError(path, `line ${line} is change ${entry.seq}, but the next one is ${seq + 1}`);
      entries.push(entry);
      seq = entry.seq;
    }
    end = newline + 1;
  }
  // In one pass: a journal may hold a file's worth of changes, and a copy of the data per change made
  // loading cost the journal's length times the organization's size.
  return { bytes: Buffer.byteLength(text.slice(0, end)), data: applyAllChanges(data, entries) };
}

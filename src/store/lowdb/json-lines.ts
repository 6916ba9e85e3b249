import { closeSync, fdatasync, fdatasyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { StoreOpenError } from '../store.js';
import { describeInvalid } from './schema.js';

// What the journal and the audit log share: append-only JSON Lines files that may not exist yet, whose
// lines are validated as they are read, and that are cut back after an append that must not count.

/**
 * An append-only file, held open from its first append until close(): opening and closing it around
 * each append cost more than the write itself, about a twentieth of a write turn. Appends are
 * synchronous (see Journal for why); an append after close() opens the file again.
 */
export class AppendOnlyFile {
  #fd: number | undefined;

  constructor(readonly path: string) {}

  /** Makes the file if it is missing. */
  create(): void {
    if (this.#fd === undefined) closeSync(openSync(this.path, 'a'));
  }

  /** Appends all of the text; returns its length in bytes. */
  append(text: string): number {
    const bytes = Buffer.from(text, 'utf8');
    writeAll((this.#fd ??= openSync(this.path, 'a')), bytes);
    return bytes.length;
  }

  /** Puts what was appended on the disk, in the thread pool; a file not open since its last flush needs nothing. */
  flush(): Promise<void> {
    const fd = this.#fd;
    if (fd === undefined) return Promise.resolve();
    return new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
  }

  /** flush(), here and now: before a step that must not overtake the appends. */
  flushNow(): void {
    if (this.#fd !== undefined) fdatasyncSync(this.#fd);
  }

  /** Cuts the file back to `bytes`; a file that was never made needs nothing. */
  cutBack(bytes: number): void {
    try {
      truncateSync(this.path, bytes);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  close(): void {
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes every byte, or throws. A full disk takes part of a write without an error (the error comes with
 * the next write), so one writeSync may leave the rest unwritten.
 */
export function writeAll(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length; ) {
    const wrote = writeSync(fd, bytes, written);
    if (wrote === 0) throw new Error(`Wrote 0 of the last ${bytes.length - written} bytes`);
    written += wrote;
  }
}

/** The file's text; a missing file reads as empty. */
export async function readLines(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    return missingAsEmpty(path, error);
  }
}

/** The file's bytes, for reading at byte offsets; a missing file reads as empty. */
export async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    return Buffer.from(missingAsEmpty(path, error));
  }
}

/** How many complete lines (each ended by a newline) the content holds. */
export function completeLines(content: string | Buffer): number {
  let lines = 0;
  for (let at = content.indexOf('\n'); at !== -1; at = content.indexOf('\n', at + 1)) lines += 1;
  return lines;
}

/** readLines for start-up, where synchronous reads of thousands of small files are much faster. */
export function readLinesNow(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    return missingAsEmpty(path, error);
  }
}

function missingAsEmpty(path: string, error: unknown): string {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new StoreOpenError(path, (error as Error).message);
  return '';
}

/** One line, parsed and validated; anything else stops start-up naming the file and line. */
export function parseLine<S extends z.ZodType>(path: string, text: string, number: number, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new StoreOpenError(path, `line ${number} is not valid JSON`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new StoreOpenError(path, `line ${number}: ${describeInvalid(parsed.error)}`);
  return parsed.data;
}

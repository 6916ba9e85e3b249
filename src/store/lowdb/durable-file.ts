import { closeSync, fstatSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import type { SyncAdapter } from 'lowdb';
import { writeAll } from './json-lines.js';

/**
 * A tenant's lowdb file, replaced durably: the new text is written to a temporary file and flushed to
 * the disk before it takes the old file's name, and the rename is flushed before write() returns. The
 * caller empties the journal next; without the flushes, a power cut could keep the emptied journal and
 * lose the file that holds its changes. (lowdb's own writer renames without flushing.)
 */
export class DurableJsonFile<T> implements SyncAdapter<T> {
  #written: Stats | undefined;

  constructor(readonly path: string) {}

  /** The file as this process last wrote it (a rename keeps its inode and modification time); undefined until then. */
  get written(): Stats | undefined {
    return this.#written;
  }

  read(): T | null {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Throws, leaving the old file as it was, unless every byte of the new one was written; UnflushedRename once it has the name. */
  write(data: T): void {
    // One name: the store is one process's, its rewrites synchronous, and a crash's leftover is written over.
    const temp = `${this.path}.tmp`;
    try {
      const fd = openSync(temp, 'w');
      let written: Stats;
      try {
        writeAll(fd, Buffer.from(JSON.stringify(data)));
        fsyncSync(fd);
        written = fstatSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.path);
      this.#written = written;
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    try {
      this.flushFolder();
    } catch (error) {
      throw new UnflushedRename(this.path, error as Error);
    }
  }

  /** Puts the rename on the disk. */
  flushFolder(): void {
    const folder = openSync(dirname(this.path), 'r');
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
  }
}

/** The new file has the name, but a power cut may still give it back to the old one. */
export class UnflushedRename extends Error {
  constructor(
    path: string,
    override readonly cause: Error,
  ) {
    super(`${path} was replaced, but the rename could not be flushed to the disk (${cause.message})`, { cause });
    this.name = 'UnflushedRename';
  }
}

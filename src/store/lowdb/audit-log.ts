import { appendFile, readFile, truncate } from 'node:fs/promises';
import type { AuditEvent } from '../../domain/model.js';
import { StoreOpenError } from '../store.js';
import { auditEventSchema, describeInvalid } from './schema.js';

/**
 * A tenant's audit events as JSON Lines, only ever appended: recording an event costs the same however
 * long the history is. The tenant file says how many lines are committed; lines past that count come
 * from a write that never finished, and are cut off.
 */
export class AuditLog {
  private pendingBytes = 0;

  private constructor(
    private readonly path: string,
    private committedBytes: number,
  ) {}

  /** The log of a tenant that has none yet; a stale file from an unfinished first write is cut off. */
  static empty(path: string): AuditLog {
    return new AuditLog(path, 0);
  }

  static async open(path: string, committed: number): Promise<{ log: AuditLog; events: AuditEvent[] }> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new StoreOpenError(path, (error as Error).message);
      text = '';
    }
    const events: AuditEvent[] = [];
    let start = 0;
    while (events.length < committed) {
      const end = text.indexOf('\n', start);
      if (end === -1) {
        throw new StoreOpenError(path, `holds ${events.length} complete events, but its tenant file records ${committed}`);
      }
      events.push(parseLine(path, text.slice(start, end), events.length + 1));
      start = end + 1;
    }
    const committedBytes = Buffer.byteLength(text.slice(0, start));
    if (Buffer.byteLength(text) > committedBytes) await truncate(path, committedBytes);
    return { log: new AuditLog(path, committedBytes), events };
  }

  /** Appends events; on failure the file is cut back to what was committed before. */
  async append(events: readonly AuditEvent[]): Promise<void> {
    const lines = events.map((e) => `${JSON.stringify(e)}\n`).join('');
    try {
      await appendFile(this.path, lines, 'utf8');
    } catch (error) {
      await this.rollback();
      throw error;
    }
    this.pendingBytes = Buffer.byteLength(lines);
  }

  /** Makes the last append part of the committed history. */
  commit(): void {
    this.committedBytes += this.pendingBytes;
    this.pendingBytes = 0;
  }

  /** Cuts off an append whose tenant-file write failed. */
  async rollback(): Promise<void> {
    this.pendingBytes = 0;
    await truncate(this.path, this.committedBytes).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}

function parseLine(path: string, line: string, number: number): AuditEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw new StoreOpenError(path, `line ${number} is not valid JSON`);
  }
  const parsed = auditEventSchema.safeParse(raw);
  if (!parsed.success) throw new StoreOpenError(path, `line ${number}: ${describeInvalid(parsed.error)}`);
  return parsed.data;
}

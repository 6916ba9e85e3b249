import type pg from 'pg';
import { currentVersions } from './tenant-queries.js';

interface Waiter {
  resolve(version: number | undefined): void;
  reject(error: unknown): void;
}

/**
 * Every read asks for its tenant's version. While one look-up is in flight, the reads that arrive
 * wait for the next, which asks for all their tenants at once. Each read still gets a version read
 * after it began, so it sees every write committed before it; under load one look-up serves many reads.
 */
export class VersionLookups {
  #waiting = new Map<string, Waiter[]>();
  #inFlight = false;

  constructor(private readonly pool: pg.Pool) {}

  /** The tenant's version now, or undefined when it has no row. */
  versionOf(tenantId: string): Promise<number | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.#waiting.get(tenantId);
      if (waiters) waiters.push({ resolve, reject });
      else this.#waiting.set(tenantId, [{ resolve, reject }]);
      if (!this.#inFlight) this.#lookUp();
    });
  }

  #lookUp(): void {
    const batch = this.#waiting;
    this.#waiting = new Map();
    this.#inFlight = true;
    void currentVersions(this.pool, [...batch.keys()])
      .then(
        (versions) => {
          for (const [tenantId, waiters] of batch) for (const w of waiters) w.resolve(versions.get(tenantId));
        },
        (error: unknown) => {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
        },
      )
      .finally(() => {
        this.#inFlight = false;
        if (this.#waiting.size) this.#lookUp();
      });
  }
}

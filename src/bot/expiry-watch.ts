import { LRUCache } from 'lru-cache';
import { expireOverdue, hasOverdue } from '../domain/invitations.js';
import { announceExpired } from './invitation-flow.js';
import type { Turn } from './turn.js';

/** How often, at the most, an organization's pending invitations are checked for expiry. */
const CHECK_EVERY_MS = 15 * 60_000;
/** Organizations whose last check is remembered; one forgotten is checked again at its next turn. */
const REMEMBERED = 10_000;

/**
 * Invitations expire with nobody clicking. An organization's turns (a message, a click) are the moment to
 * notice: at most every 15 minutes, those past their expiry are recorded as expired, every copy of their
 * card shows it and each requester is told. The turn does not wait for it.
 */
export class ExpiryWatch {
  readonly #checkedAt = new LRUCache<string, number>({ max: REMEMBERED });
  readonly #running = new Set<Promise<void>>();

  /** Starts a check of the turn's organization unless one ran lately. */
  look(turn: Turn): void {
    const now = turn.now().getTime();
    const last = this.#checkedAt.get(turn.tenantId);
    if (last !== undefined && now - last < CHECK_EVERY_MS) return;
    this.#checkedAt.set(turn.tenantId, now);
    const check = this.#check(turn).catch((error: unknown) => turn.log.warn({ reason: (error as Error).message }, 'could not record expired invitations'));
    this.#running.add(check);
    void check.finally(() => this.#running.delete(check));
  }

  /** Settles once the checks under way have ended, so a stop does not cut one short. */
  async idle(): Promise<void> {
    await Promise.all(this.#running);
  }

  async #check(turn: Turn): Promise<void> {
    // A look first: most checks find nothing, and a read costs less than a write.
    if (!(await turn.store.read(turn.tenantId, (t) => hasOverdue(t, turn.now())))) return;
    const expired = await turn.store.write(turn.tenantId, (t) => expireOverdue(t, turn.now()));
    await announceExpired(turn, expired);
  }
}

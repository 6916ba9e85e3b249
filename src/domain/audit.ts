import { randomUUID } from 'node:crypto';
import type { Actor, AuditEvent } from './model.js';

export function auditEvent(
  type: string,
  actor: Actor,
  subject: string,
  now: Date,
  change: { before?: unknown; after?: unknown } = {},
): AuditEvent {
  return { id: randomUUID(), type, at: now.toISOString(), actor, subject, ...change };
}

import { doneCount, isRequired, STEPS, viewChecklist } from '../domain/checklist.js';
import { pendingInvitations } from '../domain/invitations.js';
import { listMembers } from '../domain/members.js';
import type { Actor, AuditEvent } from '../domain/model.js';
import { requirePermission } from '../domain/organization.js';
import { PROFILE_FIELDS, viewProfile } from '../domain/profile.js';
import { can } from '../domain/roles.js';
import type { Store, TenantReader } from '../store/store.js';
import type { DashboardData, HistoryEventData } from './contract.js';

/** Events the dashboard lists; the CSV download has every one. */
const RECENT_EVENTS = 20;
/** Events read at once while writing the CSV. */
const EVENTS_PER_READ = 500;

/** Everything the dashboard shows, for a member of the organization; anyone else is refused by the domain. */
export async function dashboardOf(tenant: TenantReader, person: Actor, now: Date): Promise<DashboardData> {
  const checklist = await viewChecklist(tenant, person);
  const { viewer, members } = await listMembers(tenant, person);
  const { profile, mpnId } = await viewProfile(tenant, person);
  const { events, total } = await tenant.auditEvents({ offset: 0, limit: RECENT_EVENTS });
  const values = profile.values;
  const valueOf = (field: (typeof PROFILE_FIELDS)[number]) => {
    const value = values?.[field];
    return Array.isArray(value) ? value.join(', ') : String(value ?? '');
  };
  return {
    viewer: { name: viewer.displayName, email: viewer.email, role: viewer.role, canDecide: can(viewer.role, 'invitation.decide') },
    checklist: {
      done: doneCount(checklist),
      total: STEPS.length,
      steps: STEPS.map((step) => {
        const record = checklist.steps[step.id];
        return {
          id: step.id,
          number: step.number,
          done: record?.done === true,
          required: isRequired(checklist, step),
          link: step.link,
          ...(record ? { by: { name: record.by.name, at: record.at } } : {}),
        };
      }),
    },
    profile: values
      ? {
          fields: [...PROFILE_FIELDS.map((field) => ({ field, value: valueOf(field) })), { field: 'mpnId', value: mpnId }],
          version: profile.version,
          ...(profile.updatedBy && profile.updatedAt ? { updatedBy: { name: profile.updatedBy.name, at: profile.updatedAt } } : {}),
        }
      : null,
    members: members.map(({ displayName, email, role, status, type }) => ({ displayName, email, role, status, type })),
    invitations: (await pendingInvitations(tenant, person, now)).map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      type: i.type,
      ...(i.note ? { note: i.note } : {}),
      requestedBy: i.requestedBy.name,
      requestedAt: i.requestedAt,
      expiresAt: i.expiresAt,
    })),
    history: { events: events.map(historyEvent), total },
  };
}

const historyEvent = (e: AuditEvent): HistoryEventData => ({ at: e.at, type: e.type, who: e.actor.name || e.actor.aadObjectId, subject: e.subject });

/**
 * The audit log as it stood when the export began, newest first, for a member of the organization: the
 * check happens now, the pages are read as the consumer asks for them, so a long history never sits in
 * memory whole nor holds the store for the whole download.
 */
export async function historyExport(store: Store, tenantId: string, person: Actor): Promise<AsyncIterable<readonly AuditEvent[]>> {
  const total = await store.read(tenantId, async (tenant) => {
    await requirePermission(tenant, person, 'view');
    return (await tenant.auditEvents({ offset: 0, limit: 0 })).total;
  });
  return (async function* pages() {
    for (let done = 0; done < total; ) {
      const events = await store.read(tenantId, async (tenant) => {
        // Events logged since the export began come first: skipping them keeps every row exactly once.
        const { total: now } = await tenant.auditEvents({ offset: 0, limit: 0 });
        return (await tenant.auditEvents({ offset: now - total + done, limit: Math.min(EVENTS_PER_READ, total - done) })).events;
      });
      if (!events.length) return;
      yield events;
      done += events.length;
    }
  })();
}

import { beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerTransact, saveStep } from '../../src/domain/checklist.js';
import { cancelInvitation, decideInvitation, invitationInput, requestInvitation, statusAt } from '../../src/domain/invitations.js';
import { activateOnFirstContact, changeRole, removeMember, toldOfRoleChange } from '../../src/domain/members.js';
import type { Invitation } from '../../src/domain/model.js';
import { setUp } from '../../src/domain/organization.js';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.js';
import type { Store, TenantWriter } from '../../src/store/store.js';
import { VALID_STEPS } from '../helpers/flows.js';
import { CONTOSO } from '../helpers/people.js';

const now = new Date('2026-11-25T09:00:00Z');
const olivia = { aadObjectId: 'a-olivia', name: 'Olivia', email: 'olivia@contoso.com' };
const carl = { aadObjectId: 'a-carl', name: 'Carl', email: 'carl@contoso.com' };
const GUID = '0a1b2c3d-0000-4000-8000-000000000abc';

describe('invitation input', () => {
  const errors = (raw: Record<string, unknown>) => {
    const parsed = invitationInput.safeParse(raw);
    return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path[0], i.message]));
  };

  it('accepts work and personal accounts, lower-cased, with the user type by default', () => {
    expect(invitationInput.parse({ email: ' Ana@Outlook.com ', role: 'owner' })).toMatchObject({ email: 'ana@outlook.com', type: 'user' });
  });

  it('names each bad field', () => {
    expect(errors({ email: 'ana', role: 'boss' })).toEqual({ email: 'invite.error.email', role: 'invite.error.role' });
    expect(errors({ email: 'a@b.co', role: 'owner', note: 'x'.repeat(501) })).toEqual({ note: 'invite.error.note' });
  });

  it('needs a friendly name and three GUIDs for a service principal', () => {
    expect(errors({ email: 'a@b.co', role: 'owner', type: 'servicePrincipal', applicationId: 'nope', tenantId: GUID })).toEqual({
      friendlyName: 'invite.error.friendlyName',
      applicationId: 'invite.error.guid',
      objectId: 'invite.error.guid',
    });
    expect(errors({ email: 'a@b.co', role: 'owner', type: 'servicePrincipal', friendlyName: 'CI', applicationId: GUID, tenantId: GUID, objectId: GUID })).toEqual({});
  });
});

describe('invitations and members', () => {
  let store: Store;
  const write = <T>(work: (t: TenantWriter) => Promise<T>) => store.write(CONTOSO, work);

  beforeEach(async () => {
    store = await LowdbStore.open(join(await mkdtemp(join(tmpdir(), 'pd-inv-')), 'desk.json'));
    await write((t) => setUp(t, olivia, now));
    await write((t) => answerTransact(t, olivia, true, now));
    for (const [step, values] of Object.entries(VALID_STEPS)) await write((t) => saveStep(t, olivia, step as never, values, now));
    await write((t) => requestInvitation(t, olivia, { email: 'carl@contoso.com', role: 'contributor' }, now, 14));
    await write((t) => activateOnFirstContact(t, carl, now));
  });

  const pending = async (email = 'ana@contoso.com'): Promise<Invitation> => {
    const result = await write((t) => requestInvitation(t, carl, { email, role: 'contributor' }, now, 14));
    if (result.outcome !== 'pending') throw new Error(result.outcome);
    return result.invitation;
  };

  it('reads a pending invitation as expired once its time is up, before anything is written', async () => {
    const invitation = await pending();
    expect(invitation.expiresAt).toBe('2026-12-09T09:00:00.000Z');
    expect(statusAt(invitation, new Date('2026-12-09T08:59:59Z'))).toBe('pending');
    expect(statusAt(invitation, new Date('2026-12-09T09:00:00Z'))).toBe('expired');
  });

  it('lets the first decision win and reports it to the next', async () => {
    const { id } = await pending();
    const first = await write((t) => decideInvitation(t, olivia, id, { kind: 'reject', reason: 'no' }, now));
    const second = await write((t) => decideInvitation(t, olivia, id, { kind: 'approve' }, now));
    expect(first).toMatchObject({ outcome: 'decided', invitation: { status: 'rejected', reason: 'no' } });
    expect(second).toMatchObject({ outcome: 'alreadyDecided', invitation: { status: 'rejected' } });
  });

  it('refuses decisions from Contributors and cancels from anyone but the requester', async () => {
    const { id } = await pending();
    expect(await write((t) => decideInvitation(t, carl, id, { kind: 'approve' }, now))).toEqual({ outcome: 'refused', key: 'access.ownersOnly' });
    expect(await write((t) => cancelInvitation(t, olivia, id, now))).toEqual({ outcome: 'refused', key: 'invite.onlyRequester' });
    expect(await write((t) => decideInvitation(t, olivia, 'no-such-id', { kind: 'approve' }, now))).toEqual({ outcome: 'refused', key: 'invite.notFound' });
  });

  it('writes nothing for an organization that was never set up, not even a refusal', async () => {
    const elsewhere = 'e0000000-0000-4000-8000-0000000000ee';
    expect(await store.write(elsewhere, (t) => cancelInvitation(t, olivia, 'no-such-id', now))).toEqual({ outcome: 'refused', key: 'invite.notFound' });
    expect(await store.write(elsewhere, (t) => decideInvitation(t, olivia, 'no-such-id', { kind: 'approve' }, now))).toMatchObject({ outcome: 'refused' });
    expect(await store.read(elsewhere, (t) => t.auditEvents({ offset: 0, limit: 10 }))).toEqual({ events: [], total: 0 });
  });

  it('keeps at least one Owner', async () => {
    await expect(write((t) => changeRole(t, olivia, 'olivia@contoso.com', 'contributor', now))).rejects.toMatchObject({ key: 'members.lastOwner' });
    await expect(write((t) => removeMember(t, olivia, 'olivia@contoso.com', now))).rejects.toMatchObject({ key: 'members.lastOwner' });
    await write((t) => changeRole(t, olivia, 'carl@contoso.com', 'owner', now));
    await write((t) => changeRole(t, olivia, 'olivia@contoso.com', 'contributor', now));
    await expect(write((t) => removeMember(t, carl, 'carl@contoso.com', now))).rejects.toMatchObject({ key: 'members.lastOwner' });
  });

  it('tells of a role change only the member it changed, when someone else changed it and it can reach them', async () => {
    const promoted = await write((t) => changeRole(t, olivia, 'carl@contoso.com', 'owner', now));
    expect(promoted).toMatchObject({ before: 'contributor', member: { role: 'owner' } });
    expect(toldOfRoleChange(olivia, promoted)?.email).toBe('carl@contoso.com');
    // Nothing changed: nobody to tell, and nothing written.
    const events = (await store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 0 }))).total;
    const again = await write((t) => changeRole(t, olivia, 'carl@contoso.com', 'owner', now));
    expect(toldOfRoleChange(olivia, again)).toBeUndefined();
    expect((await store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 0 }))).total).toBe(events);
    // Who changed their own role reads the answer.
    expect(toldOfRoleChange(carl, await write((t) => changeRole(t, carl, 'carl@contoso.com', 'contributor', now)))).toBeUndefined();
    // An invited member the bot cannot reach yet hears their role when they first write.
    await write((t) => requestInvitation(t, olivia, { email: 'ana@contoso.com', role: 'contributor' }, now, 14));
    expect(toldOfRoleChange(olivia, await write((t) => changeRole(t, olivia, 'ana@contoso.com', 'owner', now)))).toBeUndefined();
  });

  it('does not count a service principal as the Owner who remains: it cannot approve anything', async () => {
    const ci = { email: 'ci@contoso.com', role: 'owner' as const, type: 'servicePrincipal' as const, friendlyName: 'CI', applicationId: GUID, tenantId: GUID, objectId: GUID };
    expect(await write((t) => requestInvitation(t, olivia, ci, now, 14))).toMatchObject({ outcome: 'added', member: { role: 'owner', status: 'active' } });
    await expect(write((t) => changeRole(t, olivia, 'olivia@contoso.com', 'contributor', now))).rejects.toMatchObject({ key: 'members.lastOwnerWhoCanAct' });
    await expect(write((t) => removeMember(t, olivia, 'olivia@contoso.com', now))).rejects.toMatchObject({ key: 'members.lastOwnerWhoCanAct' });
    // The service principal itself may go: a person still owns the account.
    expect(await write((t) => removeMember(t, olivia, 'ci@contoso.com', now))).toMatchObject({ email: 'ci@contoso.com' });
  });
});

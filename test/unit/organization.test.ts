import { beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '../../src/domain/errors.js';
import { accessOf, setUp } from '../../src/domain/organization.js';
import { can } from '../../src/domain/roles.js';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.js';
import type { Store } from '../../src/store/store.js';
import { CONTOSO } from '../helpers/people.js';

const olivia = { aadObjectId: 'a-olivia', name: 'Olivia', email: 'Olivia@Contoso.com' };
const carl = { aadObjectId: 'a-carl', name: 'Carl', email: 'carl@contoso.com' };
const now = new Date('2026-11-25T09:00:00Z');

describe('organization set-up and access', () => {
  let store: Store;
  beforeEach(async () => {
    store = await LowdbStore.open(join(await mkdtemp(join(tmpdir(), 'pd-org-')), 'desk.json'));
  });

  it('makes the first person the Owner, with an audit event', async () => {
    const result = await store.write(CONTOSO, (t) => setUp(t, olivia, now));
    expect(result).toMatchObject({ created: true, owner: { email: 'olivia@contoso.com', role: 'owner', status: 'active', aadObjectId: 'a-olivia' } });
    const { events } = await store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 5 }));
    expect(events).toMatchObject([{ type: 'organization.setUp', actor: olivia, at: now.toISOString() }]);
  });

  it('only reports the Owners on later calls, whoever asks', async () => {
    await store.write(CONTOSO, (t) => setUp(t, olivia, now));
    const again = await store.write(CONTOSO, (t) => setUp(t, carl, now));
    expect(again.created).toBe(false);
    if (!again.created) expect(again.owners.map((o) => o.email)).toEqual(['olivia@contoso.com']);
    expect(await store.read(CONTOSO, (t) => t.members())).toHaveLength(1);
  });

  it('keeps a linked member to their own Teams identity, whoever has their email now', async () => {
    await store.write(CONTOSO, (t) => setUp(t, olivia, now));
    const sameAddress = { aadObjectId: 'a-new-hire', name: 'New Hire', email: 'olivia@contoso.com' };
    expect(await store.read(CONTOSO, (t) => accessOf(t, sameAddress))).toMatchObject({ kind: 'notMember' });
    expect(await store.read(CONTOSO, (t) => accessOf(t, olivia))).toMatchObject({ kind: 'member', member: { role: 'owner' } });
  });

  it('needs an email for the first Owner', async () => {
    await expect(store.write(CONTOSO, (t) => setUp(t, { aadObjectId: 'x', name: 'X' }, now))).rejects.toEqual(
      new DomainError('setup.noEmail'),
    );
    expect(await store.read(CONTOSO, (t) => t.organization())).toBeUndefined();
  });

  it('tells members, non-members and an organization not set up apart', async () => {
    expect(await store.read(CONTOSO, (t) => accessOf(t, olivia))).toEqual({ kind: 'notSetUp' });
    await store.write(CONTOSO, (t) => setUp(t, olivia, now));
    expect(await store.read(CONTOSO, (t) => accessOf(t, olivia))).toMatchObject({ kind: 'member', member: { role: 'owner' } });
    expect(await store.read(CONTOSO, (t) => accessOf(t, carl))).toMatchObject({ kind: 'notMember', owners: [{ email: 'olivia@contoso.com' }] });
  });

  it('finds a member by email before their Teams identity is linked', async () => {
    await store.write(CONTOSO, async (t) => {
      await setUp(t, olivia, now);
      await t.putMember({ email: 'carl@contoso.com', displayName: 'carl@contoso.com', role: 'contributor', type: 'user', status: 'invited', addedBy: olivia, addedAt: now.toISOString() });
    });
    expect(await store.read(CONTOSO, (t) => accessOf(t, { ...carl, email: 'CARL@contoso.com' }))).toMatchObject({ kind: 'member', member: { role: 'contributor' } });
  });
});

describe('roles', () => {
  it('lets Owners do everything and Contributors only what every member may', () => {
    expect(can('owner', 'member.remove')).toBe(true);
    expect(can('contributor', 'checklist.update')).toBe(true);
    expect(can('contributor', 'invitation.request')).toBe(true);
    for (const p of ['invitation.decide', 'profile.edit', 'member.changeRole', 'member.remove'] as const) {
      expect(can('contributor', p)).toBe(false);
    }
    expect(can(undefined, 'view')).toBe(false);
  });
});

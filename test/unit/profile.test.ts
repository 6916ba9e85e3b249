import { beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerTransact, saveStep } from '../../src/domain/checklist.js';
import { isLocked, saveProfile } from '../../src/domain/profile.js';
import { setUp } from '../../src/domain/organization.js';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.js';
import { UniqueViolation, type Store, type TenantWriter } from '../../src/store/store.js';
import { VALID_STEPS } from '../helpers/flows.js';
import { CONTOSO, FABRIKAM } from '../helpers/people.js';

const now = new Date('2026-11-25T09:00:00Z');
const olivia = { aadObjectId: 'a-olivia', name: 'Olivia', email: 'olivia@contoso.com' };
const fred = { aadObjectId: 'a-fred', name: 'Fred', email: 'fred@fabrikam.com' };
const form = (owner: string, changes: Record<string, string> = {}) => ({
  publisherId: 'contoso-apps', displayName: 'Contoso', ownerEmails: owner, devCenterStatus: 'notLinked', ...changes,
});

describe('profile', () => {
  let store: Store;
  const ready = async (tenant: string, person: typeof olivia) => {
    const write = <T>(work: (t: TenantWriter) => Promise<T>) => store.write(tenant, work);
    await write((t) => setUp(t, person, now));
    await write((t) => answerTransact(t, person, false, now));
    for (const step of ['mpn', 'registration', 'portal']) await write((t) => saveStep(t, person, step as never, VALID_STEPS[step]!, now));
  };
  beforeEach(async () => {
    store = await LowdbStore.open(join(await mkdtemp(join(tmpdir(), 'pd-profile-')), 'desk.json'));
    await ready(CONTOSO, olivia);
    await ready(FABRIKAM, fred);
  });

  it('records the version at which each field changed, and what changed since a stale version', async () => {
    await store.write(CONTOSO, (t) => saveProfile(t, olivia, form('olivia@contoso.com'), 0, now));
    await store.write(CONTOSO, (t) => saveProfile(t, olivia, form('olivia@contoso.com', { displayName: 'Contoso AB' }), 1, now));
    const stale = await store.write(CONTOSO, (t) => saveProfile(t, olivia, form('olivia@contoso.com', { phone: '+46 8 1' }), 1, now));
    expect(stale).toMatchObject({ outcome: 'conflict', changedSince: ['displayName'] });
    const fromStart = await store.write(CONTOSO, (t) => saveProfile(t, olivia, form('olivia@contoso.com'), 0, now));
    expect(fromStart).toMatchObject({ outcome: 'conflict', changedSince: ['publisherId', 'displayName', 'ownerEmails'] });
  });

  it('locks the publisher ID and owner emails, not the display name, once the first offer is out', async () => {
    const result = await store.write(CONTOSO, (t) => saveProfile(t, olivia, form('olivia@contoso.com', { firstOfferPublishedOn: '2026-11-20' }), 0, now));
    if (result.outcome !== 'saved') throw new Error(result.outcome);
    expect(isLocked(result.profile, 'publisherId')).toBe(true);
    expect(isLocked(result.profile, 'ownerEmails')).toBe(true);
    expect(isLocked(result.profile, 'displayName')).toBe(false);
  });

  it('keeps publisher IDs unique across tenants even when two saves race', async () => {
    const results = await Promise.allSettled([
      store.write(CONTOSO, (t) => saveProfile(t, olivia, form('olivia@contoso.com', { publisherId: 'shared-id' }), 0, now)),
      store.write(FABRIKAM, (t) => saveProfile(t, fred, form('fred@fabrikam.com', { publisherId: 'shared-id' }), 0, now)),
    ]);
    const saved = results.filter((r) => r.status === 'fulfilled' && r.value.outcome === 'saved');
    const lost = results.filter(
      (r) => (r.status === 'rejected' && r.reason instanceof UniqueViolation) || (r.status === 'fulfilled' && r.value.outcome === 'invalid'),
    );
    expect([saved.length, lost.length]).toEqual([1, 1]);
    const holders = await Promise.all([CONTOSO, FABRIKAM].map((id) => store.read(id, async (t) => (await t.profile()).values?.publisherId)));
    expect(holders.filter((h) => h === 'shared-id')).toHaveLength(1);
  });
});

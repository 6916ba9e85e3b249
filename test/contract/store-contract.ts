import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { auditEvent } from '../../src/domain/audit.js';
import type { StepId } from '../../src/domain/checklist.js';
import { DomainError } from '../../src/domain/errors.js';
import { decideInvitation } from '../../src/domain/invitations.js';
import { changeRole } from '../../src/domain/members.js';
import type { Actor, Invitation, Member } from '../../src/domain/model.js';
import { setUp } from '../../src/domain/organization.js';
import { saveProfile, type Profile } from '../../src/domain/profile.js';
import { UniqueViolation, type Store, type TenantWriter } from '../../src/store/store.js';
import { VALID_STEPS } from '../helpers/flows.js';
import { CONTOSO, FABRIKAM, olivia, oscar, type Person } from '../helpers/people.js';

// What every storage implementation promises, run unchanged against each one.

const actor: Actor = { aadObjectId: 'a-1', name: 'Olivia' };
const now = new Date('2026-11-25T10:00:00Z');

export const member = (email: string, role: Member['role'] = 'contributor'): Member => ({
  email,
  displayName: email.split('@')[0]!,
  role,
  type: 'user',
  status: 'invited',
  addedBy: actor,
  addedAt: now.toISOString(),
});

export const invitation = (id: string, email: string, status: Invitation['status'] = 'pending'): Invitation => ({
  id,
  email,
  role: 'contributor',
  type: 'user',
  requestedBy: actor,
  requestedAt: now.toISOString(),
  expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
  status,
  postedIn: [],
});

const profile = (publisherId: string, version = 1): Profile => ({
  version,
  values: {
    publisherId,
    displayName: 'Contoso',
    ownerEmails: ['olivia@contoso.com'],
    contactName: '',
    contactEmail: '',
    phone: '',
    website: '',
    devCenterStatus: 'notLinked',
    devCenterAccountName: '',
    devCenterOwnerEmail: '',
    firstOfferPublishedOn: '',
  },
  fieldVersions: { publisherId: version },
  updatedBy: actor,
  updatedAt: now.toISOString(),
});

export interface StoreFactory {
  /** A fresh, empty store. */
  open(): Promise<Store>;
  /** The same store again, as a restarted process sees it. */
  reopen(): Promise<Store>;
}

export function describeStoreContract(name: string, factory: () => StoreFactory): void {
  describe(`${name} store contract`, () => {
    let stores: StoreFactory;
    let store: Store;
    beforeEach(async () => {
      stores = factory();
      store = await stores.open();
    });
    afterEach(() => store.close());
    /** The works on Contoso, queued behind a write that holds the organization until they all are. */
    const queuedTogether = async (works: ((t: TenantWriter) => Promise<unknown>)[]) => {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const holding = store.write(CONTOSO, () => gate);
      const results = Promise.allSettled(works.map((work) => store.write(CONTOSO, work)));
      open();
      await holding;
      return results;
    };

    it('answers reads of an organization it has never seen with empty data', async () => {
      const empty = await store.read(CONTOSO, async (t) => ({
        organization: await t.organization(),
        members: await t.members(),
        audit: await t.auditEvents({ offset: 0, limit: 5 }),
        checklist: await t.checklist(),
        profile: await t.profile(),
        invitations: await t.invitations(),
      }));
      expect(empty).toEqual({
        organization: undefined,
        members: [],
        audit: { events: [], total: 0 },
        checklist: { transact: null, steps: {} },
        profile: { version: 0, values: null, fieldVersions: {} },
        invitations: [],
      });
    });

    it('finds no user or conversation under a name every JavaScript object has', async () => {
      const inherited = ['constructor', 'toString', '__proto__', 'hasOwnProperty'];
      await store.write(CONTOSO, (t) => t.putUser({ aadObjectId: 'a-2', name: 'Ana' }));
      const found = await store.read(CONTOSO, async (t) =>
        Promise.all(inherited.flatMap((key) => [t.user(key), t.conversation(key)])),
      );
      expect(found).toEqual(inherited.flatMap(() => [undefined, undefined]));
    });

    it('keeps users and conversations under any key, those names included, across a restart', async () => {
      const keys = ['__proto__', 'constructor', 'toString', '0'];
      const conversation = (id: string) => ({ id, type: 'personal', reference: { serviceUrl: 'https://x' }, updatedAt: now.toISOString() });
      await store.write(CONTOSO, async (t) => {
        for (const key of keys) {
          await t.putUser({ aadObjectId: key, name: `User ${key}` });
          await t.putConversation(conversation(key));
        }
      });
      await store.close();
      store = await stores.reopen();
      const found = await store.read(CONTOSO, async (t) => Promise.all(keys.map(async (key) => [await t.user(key), await t.conversation(key)])));
      expect(found).toEqual(keys.map((key) => [{ aadObjectId: key, name: `User ${key}` }, conversation(key)]));
    });

    it('finishes the writes it accepted before a close, then refuses new ones', async () => {
      const emails = Array.from({ length: 12 }, (_, i) => `w${i}@contoso.com`);
      const writes = emails.map((email) => store.write(CONTOSO, (t) => t.putMember(member(email))));
      await store.close();
      expect((await Promise.allSettled(writes)).map((w) => w.status)).toEqual(emails.map(() => 'fulfilled'));
      await expect(store.write(CONTOSO, (t) => t.putMember(member('late@contoso.com')))).rejects.toThrow('closed');
      store = await stores.reopen();
      // Writes made at once may run in any order.
      expect((await store.read(CONTOSO, (t) => t.members())).map((m) => m.email).sort()).toEqual([...emails].sort());
    });

    it('keeps organizations apart and survives a restart', async () => {
      await store.write(CONTOSO, async (t) => {
        await t.putOrganization({ tenantId: CONTOSO, createdAt: now.toISOString(), createdBy: actor });
        await t.putMember(member('Ana@Contoso.com', 'owner'));
        await t.putInvitation(invitation('i-1', 'bo@contoso.com'));
        await t.putChecklist({ transact: true, steps: { mpn: { done: true, values: { mpnId: '123456' }, by: actor, at: now.toISOString() } } });
        await t.putProfile(profile('contoso-apps'));
        await t.putUser({ aadObjectId: 'a-1', name: 'Olivia', email: 'olivia@contoso.com', personalConversationId: 'c-1' });
        await t.putConversation({ id: 'c-1', type: 'personal', reference: { serviceUrl: 'https://x' }, updatedAt: now.toISOString() });
        await t.appendAudit(auditEvent('x', actor, 'one', now));
      });
      await store.write(FABRIKAM, async (t) => t.putMember(member('fred@fabrikam.com')));
      await store.close();
      store = await stores.reopen();

      const contoso = await store.read(CONTOSO, async (t) => ({
        member: await t.memberByEmail('ana@CONTOSO.com'),
        notOurs: await t.memberByEmail('fred@fabrikam.com'),
        invitation: await t.invitation('i-1'),
        checklist: await t.checklist(),
        profile: await t.profile(),
        user: await t.user('a-1'),
        conversation: await t.conversation('c-1'),
        audit: await t.auditEvents({ offset: 0, limit: 5 }),
      }));
      expect(contoso.member).toEqual(member('Ana@Contoso.com', 'owner'));
      expect(contoso.notOurs).toBeUndefined();
      expect(contoso.invitation).toEqual(invitation('i-1', 'bo@contoso.com'));
      expect(contoso.checklist.steps.mpn?.values).toEqual({ mpnId: '123456' });
      expect(contoso.profile).toEqual(profile('contoso-apps'));
      expect(contoso.user?.personalConversationId).toBe('c-1');
      expect(contoso.conversation?.reference).toEqual({ serviceUrl: 'https://x' });
      expect(contoso.audit.events.map((e) => e.subject)).toEqual(['one']);
    });

    it('finds and deletes members by email whatever the case', async () => {
      await store.write(CONTOSO, async (t) => {
        await t.putMember(member('Ana@Contoso.com'));
        await t.putMember({ ...member('ANA@contoso.com'), role: 'owner' });
      });
      expect(await store.read(CONTOSO, (t) => t.members())).toHaveLength(1);
      await store.write(CONTOSO, (t) => t.deleteMember('ana@contoso.com'));
      expect(await store.read(CONTOSO, (t) => t.members())).toEqual([]);
    });

    it('keeps the order one write leaves, with records put twice, removed and put back, as a restart reads it', async () => {
      await store.write(CONTOSO, async (t) => {
        for (const email of ['a@contoso.com', 'b@contoso.com', 'c@contoso.com']) await t.putMember(member(email));
        await t.putInvitation(invitation('i-1', 'x@contoso.com'));
      });
      await store.write(CONTOSO, async (t) => {
        await t.putMember({ ...member('b@contoso.com'), role: 'owner' });
        await t.putMember({ ...member('a@contoso.com'), displayName: 'changed' });
        await t.putMember(member('e@contoso.com'));
        await t.deleteMember('A@contoso.com');
        await t.putMember({ ...member('a@contoso.com'), displayName: 'back' });
        await t.putMember(member('d@contoso.com'));
        await t.deleteMember('d@contoso.com');
        await t.putInvitation(invitation('i-2', 'y@contoso.com'));
        await t.putInvitation({ ...invitation('i-1', 'x@contoso.com'), status: 'rejected' });
        await t.putInvitation({ ...invitation('i-2', 'y@contoso.com'), status: 'approved' });
      });
      const seen = (s: Store) =>
        s.read(CONTOSO, async (t) => ({
          members: (await t.members()).map((m) => `${m.email} ${m.role} ${m.displayName}`),
          invitations: (await t.invitations()).map((i) => `${i.id} ${i.status}`),
        }));
      const expected = {
        members: ['b@contoso.com owner b', 'c@contoso.com contributor c', 'e@contoso.com contributor e', 'a@contoso.com contributor back'],
        invitations: ['i-1 rejected', 'i-2 approved'],
      };
      expect(await seen(store)).toEqual(expected);
      await store.close();
      store = await stores.reopen();
      expect(await seen(store)).toEqual(expected);
    });

    it('saves writes that queued together one after the other, each seeing those before it, as a restart reads them', async () => {
      await store.write(FABRIKAM, (t) => t.putProfile(profile('fabrikam')));
      const subjects = async (t: TenantWriter, offset: number, limit: number) => (await t.auditEvents({ offset, limit })).events.map((e) => e.subject);
      const first = await queuedTogether([
        async (t) => {
          await t.putMember(member('a@contoso.com'));
          await t.putInvitation(invitation('i-1', 'x@contoso.com'));
          await t.appendAudit(auditEvent('x', actor, 'e1', now));
        },
        async (t) => {
          await t.putMember(member('b@contoso.com'));
          await t.deleteMember('a@contoso.com');
          await t.putInvitation({ ...invitation('i-1', 'x@contoso.com'), status: 'approved' });
          await t.putProfile(profile('contoso'));
          await t.appendAudit(auditEvent('x', actor, 'e2', now));
          return subjects(t, 0, 10);
        },
        async (t) => {
          await t.putMember({ ...member('a@contoso.com'), displayName: 'back' });
          await t.appendAudit(auditEvent('x', actor, 'e3', now));
          await t.appendAudit(auditEvent('x', actor, 'e4', now));
          return [await subjects(t, 1, 2), await subjects(t, 3, 5)];
        },
      ]);
      expect(first.map((r) => (r.status === 'fulfilled' ? r.value : r.reason))).toEqual([undefined, ['e2', 'e1'], [['e3', 'e2'], ['e1']]]);
      // One refused by the database (another organization holds the publisher ID) fails alone.
      const second = await queuedTogether([
        (t) => t.putMember(member('c@contoso.com')),
        (t) => t.putProfile(profile('fabrikam', 2)),
        (t) => t.appendAudit(auditEvent('x', actor, 'e5', now)),
      ]);
      expect(second.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((second[1] as PromiseRejectedResult).reason).toBeInstanceOf(UniqueViolation);
      const seen = (s: Store) =>
        s.read(CONTOSO, async (t) => ({
          members: (await t.members()).map((m) => `${m.email} ${m.displayName}`),
          invitations: (await t.invitations()).map((i) => `${i.id} ${i.status}`),
          publisherId: (await t.profile()).values?.publisherId,
          audit: (await t.auditEvents({ offset: 0, limit: 10 })).events.map((e) => e.subject),
          holders: [await t.publisherIdHolder('contoso'), await t.publisherIdHolder('fabrikam')],
        }));
      const expected = {
        members: ['b@contoso.com b', 'a@contoso.com back', 'c@contoso.com c'],
        invitations: ['i-1 approved'],
        publisherId: 'contoso',
        audit: ['e5', 'e4', 'e3', 'e2', 'e1'],
        holders: [CONTOSO, FABRIKAM],
      };
      expect(await seen(store)).toEqual(expected);
      await store.close();
      store = await stores.reopen();
      expect(await seen(store)).toEqual(expected);
    });

    it('filters invitations by status and email', async () => {
      await store.write(CONTOSO, async (t) => {
        await t.putInvitation(invitation('i-1', 'a@contoso.com'));
        await t.putInvitation(invitation('i-2', 'b@contoso.com', 'approved'));
        await t.putInvitation({ ...invitation('i-1', 'a@contoso.com'), status: 'rejected' });
      });
      const found = await store.read(CONTOSO, async (t) => ({
        pending: await t.invitations({ status: 'pending' }),
        rejected: await t.invitations({ status: 'rejected', email: 'A@contoso.com' }),
        all: await t.invitations(),
      }));
      expect(found.pending).toEqual([]);
      expect(found.rejected.map((i) => i.id)).toEqual(['i-1']);
      expect(found.all.map((i) => i.id)).toEqual(['i-1', 'i-2']);
    });

    it('commits nothing of a write that fails half-way', async () => {
      await store.write(CONTOSO, (t) => t.putMember(member('a@contoso.com')));
      await expect(
        store.write(CONTOSO, async (t) => {
          await t.putMember(member('b@contoso.com'));
          await t.appendAudit(auditEvent('x', actor, 'b', now));
          throw new Error('rule broken');
        }),
      ).rejects.toThrow('rule broken');
      expect((await store.read(CONTOSO, (t) => t.members())).map((m) => m.email)).toEqual(['a@contoso.com']);
      expect((await store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 5 }))).total).toBe(0);
    });

    it('runs concurrent read-modify-write turns on one organization one at a time', async () => {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.write(CONTOSO, async (t) => {
            const before = (await t.members()).length;
            await new Promise((r) => setImmediate(r));
            await t.putMember(member(`m${before}@contoso.com`));
            await t.appendAudit(auditEvent('x', actor, String(i), now));
          }),
        ),
      );
      expect(await store.read(CONTOSO, (t) => t.members())).toHaveLength(50);
      expect((await store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 1 }))).total).toBe(50);
    });

    it('answers calls made together through one read or write', async () => {
      await store.write(CONTOSO, async (t) => {
        await Promise.all([
          t.putMember(member('a@contoso.com')),
          t.putUser({ aadObjectId: 'a-1', name: 'Olivia' }),
          t.appendAudit(auditEvent('x', actor, 'one', now)),
        ]);
      });
      const [members, user, audit] = await store.read(CONTOSO, (t) =>
        Promise.all([t.members(), t.user('a-1'), t.auditEvents({ offset: 0, limit: 5 })]),
      );
      expect(members.map((m) => m.email)).toEqual(['a@contoso.com']);
      expect(user?.name).toBe('Olivia');
      expect(audit.total).toBe(1);
    });

    it('pages audit events newest first, across writes and a restart, as each turn saw them', async () => {
      // Names beyond ASCII: a store that finds events by byte must count UTF-8 bytes, not characters.
      for (const batch of [[0, 1, 2], [3], [4]]) {
        await store.write(CONTOSO, async (t) => {
          for (const i of batch) await t.appendAudit(auditEvent('x', actor, `e${i} Åsa Ö`, new Date(now.getTime() + i)));
        });
      }
      const page = async (offset: number, limit: number) =>
        store.read(CONTOSO, async (t) => (await t.auditEvents({ offset, limit })).events.map((e) => e.subject.slice(0, 2)));
      const pages = async () => [await page(0, 2), await page(2, 2), await page(4, 2), await page(9, 2)];
      expect(await pages()).toEqual([['e4', 'e3'], ['e2', 'e1'], ['e0'], []]);
      await store.close();
      store = await stores.reopen();
      expect(await pages()).toEqual([['e4', 'e3'], ['e2', 'e1'], ['e0'], []]);
      // A turn that began before a write pages the history it began with.
      const seen = await store.read(CONTOSO, async (t) => {
        await store.write(CONTOSO, async (w) => w.appendAudit(auditEvent('x', actor, 'e5', now)));
        return (await t.auditEvents({ offset: 0, limit: 10 })).events.map((e) => e.subject.slice(0, 2));
      });
      expect(seen).toEqual(['e4', 'e3', 'e2', 'e1', 'e0']);
      expect(await page(0, 1)).toEqual(['e5']);
    });

    it('keeps a publisher ID to one organization, even when two race for it', async () => {
      const results = await Promise.allSettled([
        store.write(CONTOSO, (t) => t.putProfile(profile('shared'))),
        store.write(FABRIKAM, (t) => t.putProfile(profile('shared'))),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof UniqueViolation)).toHaveLength(1);
      const holders = await Promise.all([CONTOSO, FABRIKAM].map((id) => store.read(id, (t) => t.publisherIdHolder('shared'))));
      expect(holders[0]).toBe(holders[1]);
      expect([CONTOSO, FABRIKAM]).toContain(holders[0]);
    });

    it('refuses a write taking a publisher ID another organization holds, even when a write queued after it gives that ID up', async () => {
      await store.write(FABRIKAM, (t) => t.putProfile(profile('fabrikam')));
      const results = await queuedTogether([(t) => t.putProfile(profile('fabrikam')), (t) => t.putProfile(profile('contoso', 2))]);
      expect(results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual([new UniqueViolation('publisherId'), 'fulfilled']);
      expect(await store.read(CONTOSO, async (t) => [(await t.profile()).version, await t.publisherIdHolder('fabrikam')])).toEqual([2, FABRIKAM]);
    });

    it('names the holder of a publisher ID as the writes queued before it left it', async () => {
      await store.write(CONTOSO, (t) => t.putProfile(profile('first')));
      const holders = (t: TenantWriter) => Promise.all(['first', 'second'].map((id) => t.publisherIdHolder(id)));
      const results = await queuedTogether([(t) => t.putProfile(profile('second', 2)), holders]);
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason))).toEqual([undefined, [undefined, CONTOSO]]);
    });

    it('frees a publisher ID its organization stopped using', async () => {
      await store.write(CONTOSO, (t) => t.putProfile(profile('first')));
      await store.write(CONTOSO, (t) => t.putProfile(profile('second', 2)));
      await store.write(FABRIKAM, (t) => t.putProfile(profile('first')));
      expect(await store.read(CONTOSO, (t) => t.publisherIdHolder('first'))).toBe(FABRIKAM);
    });

    it('reports itself healthy until closed', async () => {
      expect(await store.healthy()).toBe(true);
    });

    describeExactlyOnce(() => [store, store]);
  });
}

const asActor = ({ aadObjectId, name, email }: Person): Actor => ({ aadObjectId, name, email });

/** Contoso set up by Olivia with Oscar as a second Owner, its checklist done, and Ana's invitation pending. */
async function readyOrganization(store: Store): Promise<void> {
  await store.write(CONTOSO, async (t) => {
    await setUp(t, asActor(olivia), now);
    await t.putMember({ ...member(oscar.email, 'owner'), aadObjectId: oscar.aadObjectId, status: 'active' });
    const steps = Object.fromEntries(
      Object.entries(VALID_STEPS).map(([id, values]) => [id, { done: true, values, by: actor, at: now.toISOString() }]),
    ) as Partial<Record<StepId, { done: boolean; values: Record<string, string>; by: Actor; at: string }>>;
    await t.putChecklist({ transact: true, steps });
    await t.putInvitation(invitation('i-ana', 'ana@contoso.com'));
  });
}

/**
 * The decisions the product promises happen once, whatever the number of concurrent turns. `stores`
 * gives the store each turn goes through: one store for every turn, or, for a store shared between
 * processes, several instances on the same data.
 */
export function describeExactlyOnce(stores: () => readonly Store[]): void {
  describe('exactly-once decisions under concurrent writes', () => {
    const through = (i: number) => stores()[i % stores().length]!;
    beforeEach(() => readyOrganization(through(0)));

    it('decides an invitation once, of 20 approvals and rejections at once', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          through(i).write(CONTOSO, (t) =>
            decideInvitation(t, asActor(i % 4 < 2 ? olivia : oscar), 'i-ana', { kind: i % 2 ? 'reject' : 'approve' }, now),
          ),
        ),
      );
      expect(results.filter((r) => r.outcome === 'decided')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'alreadyDecided')).toHaveLength(19);
      const { stored, audit } = await through(0).read(CONTOSO, async (t) => ({
        stored: await t.invitation('i-ana'),
        audit: await t.auditEvents({ offset: 0, limit: 50 }),
      }));
      const decisions = audit.events.filter((e) => e.type === 'invitation.approved' || e.type === 'invitation.rejected');
      expect(decisions).toHaveLength(1);
      expect(decisions[0]!.type).toBe(`invitation.${stored!.status}`);
    });

    it('keeps one Owner when the last two step down at once', async () => {
      const results = await Promise.allSettled([
        through(0).write(CONTOSO, (t) => changeRole(t, asActor(olivia), olivia.email, 'contributor', now)),
        through(1).write(CONTOSO, (t) => changeRole(t, asActor(oscar), oscar.email, 'contributor', now)),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected');
      expect(refused?.status === 'rejected' && refused.reason instanceof DomainError && refused.reason.key).toBe('members.lastOwner');
      const members = await through(0).read(CONTOSO, (t) => t.members());
      expect(members.filter((m) => m.role === 'owner')).toHaveLength(1);
    });

    it('saves one of two profile forms opened at the same version', async () => {
      const form = (displayName: string) => ({ publisherId: 'contoso-apps', displayName, ownerEmails: olivia.email });
      const results = await Promise.all([
        through(0).write(CONTOSO, (t) => saveProfile(t, asActor(olivia), form('Contoso'), 0, now)),
        through(1).write(CONTOSO, (t) => saveProfile(t, asActor(oscar), form('Contoso Apps'), 0, now)),
      ]);
      expect(results.map((r) => r.outcome).sort()).toEqual(['conflict', 'saved']);
      expect((await through(0).read(CONTOSO, (t) => t.profile())).version).toBe(1);
    });
  });
}

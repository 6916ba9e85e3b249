import { describe, expect, it } from '@jest/globals';
import type { ConversationRecord, UserRecord } from '../../src/domain/model.js';
import {
  applyAllChanges,
  applyChanges,
  documentSchema,
  emptyDocument,
  invitationById,
  memberByAadObjectId,
  memberByEmail,
  type Changes,
  type TenantDocument,
} from '../../src/store/document.js';
import { noHistory, TenantSession } from '../../src/store/document-session.js';
import { RecordMap } from '../../src/store/record-map.js';
import { invitation, member } from '../contract/store-contract.js';
import { CONTOSO } from '../helpers/people.js';

/** Each version of a document, as a run of writes makes them, each read before the next write (so positions are handed on). */
function versions(...changes: Omit<Changes, 'seq' | 'auditCount'>[]): TenantDocument[] {
  const all = [emptyDocument(CONTOSO)];
  for (const change of changes) {
    const latest = all.at(-1)!;
    memberByEmail(latest.members, 'someone@contoso.com');
    memberByAadObjectId(latest.members, 'someone');
    invitationById(latest.invitations, 'someone');
    all.push(applyChanges(latest, { ...change, seq: all.length, auditCount: 0 }));
  }
  return all;
}

describe('look-ups in a document', () => {
  it('find members by email (case aside) and object ID in every version, old and new', () => {
    const [, v1, v2, v3, v4] = versions(
      { members: [{ put: member('ana@contoso.com') }, { put: member('bo@contoso.com') }] },
      { members: [{ put: member('cy@contoso.com') }] },
      { members: [{ put: { ...member('Bo@Contoso.com'), aadObjectId: 'aad-bo', status: 'active' } }] },
      { members: [{ delete: 'ana@contoso.com' }, { put: member('ana@contoso.com') }] },
    );
    // The older versions are read after the newer ones took over the positions.
    expect(v4!.members.map((m) => m.email)).toEqual(['Bo@Contoso.com', 'cy@contoso.com', 'ana@contoso.com']);
    expect(memberByEmail(v4!.members, 'ANA@contoso.com')?.email).toBe('ana@contoso.com');
    expect(memberByAadObjectId(v4!.members, 'aad-bo')?.status).toBe('active');
    expect(memberByEmail(v3!.members, 'bo@contoso.com')?.status).toBe('active');
    expect(memberByAadObjectId(v3!.members, 'aad-bo')?.email).toBe('Bo@Contoso.com');
    expect(memberByEmail(v2!.members, 'bo@contoso.com')?.status).toBe('invited');
    expect(memberByAadObjectId(v2!.members, 'aad-bo')).toBeUndefined();
    expect(memberByEmail(v2!.members, 'cy@contoso.com')?.email).toBe('cy@contoso.com');
    expect(memberByEmail(v1!.members, 'cy@contoso.com')).toBeUndefined();
    expect(memberByEmail(v1!.members, 'nobody@contoso.com')).toBeUndefined();
  });

  it('find invitations by id in every version, old and new', () => {
    const [, v1, v2, v3] = versions(
      { invitations: [invitation('i-1', 'a@contoso.com'), invitation('i-2', 'b@contoso.com')] },
      { invitations: [invitation('i-3', 'c@contoso.com')] },
      { invitations: [invitation('i-1', 'a@contoso.com', 'approved')] },
    );
    expect(invitationById(v3!.invitations, 'i-1')?.status).toBe('approved');
    expect(invitationById(v3!.invitations, 'i-3')?.email).toBe('c@contoso.com');
    expect(invitationById(v2!.invitations, 'i-1')?.status).toBe('pending');
    expect(invitationById(v1!.invitations, 'i-3')).toBeUndefined();
    expect(v3!.invitations.map((i) => i.id)).toEqual(['i-1', 'i-2', 'i-3']);
  });
  it('follow a write that puts several members, one of them linked to Teams on the way', () => {
    const [, v1, v2] = versions(
      { members: [{ put: member('ana@contoso.com') }, { put: { ...member('bo@contoso.com'), aadObjectId: 'aad-bo' } }] },
      {
        members: [
          { put: member('cy@contoso.com') },
          { put: { ...member('ana@contoso.com'), aadObjectId: 'aad-ana' } },
          { put: { ...member('dee@contoso.com'), aadObjectId: 'aad-dee' } },
        ],
      },
    );
    expect(v2!.members.map((m) => m.email)).toEqual(['ana@contoso.com', 'bo@contoso.com', 'cy@contoso.com', 'dee@contoso.com']);
    for (const [aad, email] of [['aad-ana', 'ana@contoso.com'], ['aad-bo', 'bo@contoso.com'], ['aad-dee', 'dee@contoso.com']]) {
      expect(memberByAadObjectId(v2!.members, aad!)?.email).toBe(email);
    }
    expect(memberByEmail(v2!.members, 'CY@contoso.com')?.email).toBe('cy@contoso.com');
    expect(memberByAadObjectId(v1!.members, 'aad-ana')).toBeUndefined();
    expect(memberByEmail(v1!.members, 'dee@contoso.com')).toBeUndefined();
    expect(v1!.members).toHaveLength(2);
  });
});

describe("a write's view of the organization", () => {
  const start = documentSchema.parse({
    tenantId: CONTOSO,
    organization: null,
    auditCount: 0,
    members: [member('ana@contoso.com'), { ...member('bo@contoso.com'), aadObjectId: 'aad-bo' }, member('cy@contoso.com')],
    invitations: [invitation('i-1', 'dee@contoso.com'), invitation('i-2', 'eve@contoso.com')],
    users: {},
    conversations: {},
  });
  const session = () => new TenantSession(start, noHistory);

  it('sees its own puts and deletes in every look-up, as the document made of its changes will', async () => {
    const t = session();
    await t.putMember({ ...member('ANA@contoso.com'), aadObjectId: 'aad-bo', role: 'owner' });
    await t.deleteMember('Cy@Contoso.com');
    await t.putMember(member('fay@contoso.com'));
    await t.putInvitation(invitation('i-1', 'dee@contoso.com', 'approved'));
    await t.putInvitation(invitation('i-3', 'gus@contoso.com'));

    // Ana, put with Bo's object ID, comes before Bo in the list: the first with it is hers.
    expect((await t.memberByAadObjectId('aad-bo'))?.email).toBe('ANA@contoso.com');
    expect((await t.memberByEmail('ana@contoso.com'))?.role).toBe('owner');
    expect(await t.memberByEmail('cy@contoso.com')).toBeUndefined();
    expect((await t.memberByEmail('FAY@contoso.com'))?.email).toBe('fay@contoso.com');
    expect((await t.members()).map((m) => m.email)).toEqual(['ANA@contoso.com', 'bo@contoso.com', 'fay@contoso.com']);
    expect((await t.invitation('i-1'))?.status).toBe('approved');
    expect((await t.invitations({ status: 'pending' })).map((i) => i.id)).toEqual(['i-2', 'i-3']);

    const next = applyChanges(start, t.changes());
    expect(next.members).toEqual(await t.members());
    expect(next.invitations).toEqual(await t.invitations());
    // The document it started from, and a read of it, saw none of it.
    expect(start.members.map((m) => m.email)).toEqual(['ana@contoso.com', 'bo@contoso.com', 'cy@contoso.com']);
    expect((await session().memberByAadObjectId('aad-bo'))?.email).toBe('bo@contoso.com');
    expect((await session().invitation('i-1'))?.status).toBe('pending');
  });

  it('finds a member deleted and put again, and loses one whose object ID moved to another', async () => {
    const t = session();
    await t.deleteMember('bo@contoso.com');
    expect(await t.memberByAadObjectId('aad-bo')).toBeUndefined();
    await t.putMember({ ...member('bo@contoso.com'), status: 'active' });
    expect((await t.memberByEmail('bo@contoso.com'))?.status).toBe('active');
    expect(await t.memberByAadObjectId('aad-bo')).toBeUndefined();
    await t.putMember({ ...member('cy@contoso.com'), aadObjectId: 'aad-bo' });
    expect((await t.memberByAadObjectId('aad-bo'))?.email).toBe('cy@contoso.com');
    expect((await t.members()).map((m) => m.email)).toEqual(['ana@contoso.com', 'cy@contoso.com', 'bo@contoso.com']);
  });
});

const user = (n: number, name = `User ${n}`): UserRecord => ({ aadObjectId: `aad-${n}`, name });
const conversation = (id: string, updatedAt = '2026-11-25T10:00:00.000Z'): ConversationRecord => ({ id, type: 'personal', reference: { id }, updatedAt });
const actor = { aadObjectId: 'aad-1', name: 'Olivia' };

describe('applying a run of changes at once', () => {
  it('gives what applying them one at a time gives, and leaves the document it started from as it was', () => {
    // A file's document with members listed twice (case aside), as a hand edit could leave it.
    const start = documentSchema.parse({
      tenantId: CONTOSO,
      seq: 3,
      organization: null,
      auditCount: 2,
      members: [member('ana@contoso.com'), member('bo@contoso.com'), member('Ana@Contoso.com'), member('cy@contoso.com'), member('BO@contoso.com')],
      invitations: [invitation('i-1', 'dee@contoso.com')],
      users: { 'aad-1': user(1), constructor: user(9) },
      conversations: { 'c-1': conversation('c-1') },
    });
    const run: Omit<Changes, 'seq' | 'auditCount'>[] = [
      { organization: { tenantId: CONTOSO, createdAt: '2026-11-25T10:00:00.000Z', createdBy: actor } },
      { members: [{ put: { ...member('ANA@contoso.com'), role: 'owner' } }, { put: member('dee@contoso.com') }], invitations: [invitation('i-1', 'dee@contoso.com', 'approved')] },
      { users: [user(2), user(1, 'Olivia'), user(3)], conversations: [conversation('c-2'), conversation('c-1', '2026-11-26T10:00:00.000Z')] },
      { members: [{ delete: 'bo@CONTOSO.com' }, { put: member('eve@contoso.com') }], invitations: [invitation('i-2', 'eve@contoso.com'), invitation('i-3', 'fay@contoso.com')] },
      { checklist: { transact: true, steps: { mpn: { done: true, values: { mpnId: '123456' }, by: actor, at: '2026-11-25T10:00:00.000Z' } } } },
      { members: [{ put: { ...member('bo@contoso.com'), status: 'active' } }, { delete: 'cy@contoso.com' }], users: [user(2, 'Bo'), user(4)] },
      { profile: { version: 1, values: null, fieldVersions: { publisherId: 1 } }, invitations: [invitation('i-2', 'eve@contoso.com', 'rejected')] },
      { users: [user(9, 'Not inherited')], conversations: [conversation('__proto__'), conversation('c-3')] },
      { organization: null, checklist: { transact: false, steps: {} } },
    ];
    const journal = run.map((change, i) => ({ ...change, seq: start.seq + i + 1, auditCount: start.auditCount + i }));
    const before = JSON.stringify(start);

    const oneByOne = journal.reduce((document, changes) => applyChanges(document, changes), start);
    const atOnce = applyAllChanges(start, journal);

    // JSON holds every field, users and conversations in their order too (as the file has them).
    expect(JSON.stringify(atOnce)).toBe(JSON.stringify(oneByOne));
    expect(atOnce.members.map((m) => `${m.email} ${m.role} ${m.status}`)).toEqual([
      'ANA@contoso.com owner invited',
      'Ana@Contoso.com contributor invited',
      'dee@contoso.com contributor invited',
      'eve@contoso.com contributor invited',
      'bo@contoso.com contributor active',
    ]);
    expect(atOnce.invitations.map((i) => `${i.id} ${i.status}`)).toEqual(['i-1 approved', 'i-2 rejected', 'i-3 pending']);
    expect(atOnce.users.get('aad-1')?.name).toBe('Olivia');
    expect(atOnce.users.get('aad-9')?.name).toBe('Not inherited');
    expect(atOnce.users.get('constructor')?.name).toBe('User 9');
    expect(atOnce.conversations.get('__proto__')?.id).toBe('__proto__');
    expect(atOnce.seq).toBe(12);
    expect(atOnce.organization).toBeNull();
    expect(JSON.stringify(start)).toBe(before);
    expect(applyAllChanges(start, [])).toEqual(start);
  });
});

describe('a record map', () => {
  it('keeps every version as it was made, in a plain object\'s key order, across the folds of its recent puts', () => {
    let seed = 7;
    const random = (below: number) => (seed = (seed * 48271) % 2147483647) % below;
    type Item = { n: number; v: number };
    const entry = (n: number, v: number): [string, Item] => [`k${n}`, { n, v }];
    let map = RecordMap.of(Array.from({ length: 100 }, (_, n) => entry(n, 0)));
    let plain = map.toJSON();
    const versions: [RecordMap<Item>, string][] = [[map, JSON.stringify(plain)]];
    for (let v = 1; v <= 300; v++) {
      const puts = Array.from({ length: 1 + random(3) }, () => random(160)).map((n) => entry(n, v));
      map = map.with(puts);
      plain = { ...plain, ...Object.fromEntries(puts) };
      versions.push([map, JSON.stringify(plain)]);
    }
    for (const [version, json] of versions) {
      expect(JSON.stringify(version)).toBe(json);
      const expected = JSON.parse(json) as { [key: string]: Item };
      for (const key of ['k0', 'k99', 'k150', 'k159']) expect(version.get(key)?.v).toBe(expected[key]?.v);
    }
  });

  it('finds nothing under a key nobody put, inherited names included', () => {
    const map = RecordMap.of([['a', { n: 1 }]]).with([['b', { n: 2 }]]);
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(map.get(key)).toBeUndefined();
    expect(map.with([['__proto__', { n: 3 }]]).get('__proto__')).toEqual({ n: 3 });
  });
});

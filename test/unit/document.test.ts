import { describe, expect, it } from '@jest/globals';
import {
  applyChanges,
  emptyDocument,
  invitationById,
  memberByAadObjectId,
  memberByEmail,
  type Changes,
  type TenantDocument,
} from '../../src/store/document.js';
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

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

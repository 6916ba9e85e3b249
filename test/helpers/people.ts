// The people and organizations the tests talk as. Tenant and object IDs are GUIDs, as Teams sends them.

export interface Person {
  readonly id: string;
  readonly aadObjectId: string;
  readonly name: string;
  readonly email: string;
  readonly tenantId: string;
}

export const CONTOSO = 'c0000000-0000-4000-8000-000000000001';
export const FABRIKAM = 'f0000000-0000-4000-8000-000000000002';

const person = (n: number, name: string, email: string, tenantId = CONTOSO): Person => ({
  id: `29:user-${n}`,
  aadObjectId: `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  name,
  email,
  tenantId,
});

export const olivia = person(1, 'Olivia Owner', 'olivia@contoso.com');
export const carl = person(2, 'Carl Contributor', 'carl@contoso.com');
export const nina = person(3, 'Nina Newcomer', 'nina@contoso.com');
export const oscar = person(4, 'Oscar Owner', 'oscar@contoso.com');
export const fred = person(5, 'Fred Fabrikam', 'fred@fabrikam.com', FABRIKAM);
export const ana = person(6, 'Ana Invitee', 'ana@contoso.com');

export const everyone: readonly Person[] = [olivia, carl, nina, oscar, fred, ana];

/** A person made up on the spot, for tests that need many. */
export const somebody = (n: number, tenantId: string): Person =>
  person(1000 + n, `Person ${n}`, `person${n}@${tenantId.slice(0, 8)}.example.com`, tenantId);

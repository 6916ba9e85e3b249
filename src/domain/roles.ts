import type { Member, Role } from './model.js';

/** What a member may do. Owners may do everything; the rest is what PRODUCT.md gives every member. */
export type Permission =
  | 'view'
  | 'checklist.update'
  | 'invitation.request'
  | 'invitation.decide'
  | 'profile.edit'
  | 'member.changeRole'
  | 'member.remove';

const CONTRIBUTOR: ReadonlySet<Permission> = new Set(['view', 'checklist.update', 'invitation.request']);

export function can(role: Role | undefined, permission: Permission): boolean {
  if (role === 'owner') return true;
  return role === 'contributor' && CONTRIBUTOR.has(permission);
}

export const owners = (members: readonly Member[]): Member[] => members.filter((m) => m.role === 'owner');

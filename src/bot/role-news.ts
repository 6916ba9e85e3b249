import { pendingInvitations } from '../domain/invitations.js';
import { toldOfRoleChange, type RoleChange } from '../domain/members.js';
import type { Actor } from '../domain/model.js';
import { inLanguageOf } from './invitation-flow.js';
import type { Turn } from './turn.js';
import { invitesCard } from './views/invites.js';

/**
 * Tells a person in their 1:1 chat that an Owner changed their role, in their own language. A new Owner
 * gets the invitations waiting for an Owner with it, as `invites` would show them there, Approve and Reject
 * included: the approval cards went out before they were an Owner. Nothing is sent for a change that
 * changed nothing or that the person made themselves. The role change is saved before: a message Teams
 * does not take is logged, never a failure of the turn.
 */
export async function tellRoleChange(turn: Turn, change: RoleChange): Promise<void> {
  const member = toldOfRoleChange(turn.person, change);
  if (!member) return;
  const them: Actor = { aadObjectId: member.aadObjectId, name: member.displayName, email: member.email };
  const by = { name: turn.person.name };
  try {
    const waiting = member.role === 'owner' ? await turn.store.read(turn.tenantId, (t) => pendingInvitations(t, them, turn.now())) : [];
    const sent = await turn.notify.toPerson(
      turn.tenantId,
      member.aadObjectId,
      (locale) => {
        const there = inLanguageOf({ ...turn, person: them }, locale);
        if (member.role !== 'owner') return { text: there.t('members.notify.contributor', by) };
        if (!waiting.length) return { text: there.t('members.notify.owner', by) };
        return { card: invitesCard(there, waiting, member, { notice: there.t('members.notify.ownerWaiting', by) }) };
      },
      // Someone who has talked to the bot only in channels and group chats gets a 1:1 chat opened through this one.
      turn.conversation.id,
    );
    if (!sent) turn.log.info({ member: member.email }, 'the member whose role changed was not told: nothing delivered');
  } catch (error) {
    turn.log.warn({ reason: (error as Error).message, member: member.email }, 'could not tell a member of their new role');
  }
}

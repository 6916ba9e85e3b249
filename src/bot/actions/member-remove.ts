import { z } from 'zod';
import { listMembers, removeMember } from '../../domain/members.js';
import { findMember } from '../../domain/organization.js';
import { profileNamesAsOwner } from '../../domain/profile.js';
import { defineAction } from '../registry.js';
import { audienceOf } from '../views/audience.js';
import { changedMembersCard, membersCard, removedSelfCard, withProfileWarning } from '../views/members.js';
import { filterData, pageData } from './page.js';

export const memberRemove = defineAction({
  verb: 'member.remove',
  data: z.object({ email: z.string().min(3).max(254), page: pageData, filter: filterData }),
  async run(turn, { email, page, filter }, invoke) {
    const result = await turn.store.write(turn.tenantId, async (t) => {
      const removed = await removeMember(t, turn.person, email, turn.now());
      const named = await profileNamesAsOwner(t, removed.email);
      // An Owner may remove themselves while another Owner remains; the list is then no longer theirs to see.
      return (await findMember(t, turn.person)) ? { removed, named, ...(await listMembers(t, turn.person)) } : { removed, named, remaining: await t.members() };
    });
    const { removed, named, remaining } = result;
    // In a 1:1 chat only a card answer replaces the clicked card: a message would leave "Yes, remove" standing.
    if (remaining && turn.conversation.type === 'personal') return { card: removedSelfCard(turn, removed.email, named) };
    const notice = withProfileWarning(turn, turn.t('members.removed', { email: removed.email }), removed.email, named);
    if (remaining) {
      // The chat's copy still asks "Remove …?" with its buttons: it turns into the list for everyone (a card for
      // everyone offers nobody's buttons, so the removed Owner as its viewer changes nothing).
      await invoke.updateForEveryone(async () =>
        membersCard(turn, remaining, removed, { page, filter, notice, audience: await audienceOf(turn, { posted: true }) }),
      );
      return { message: turn.t('members.removedSelf', { email: removed.email }) };
    }
    return { card: await changedMembersCard(turn, invoke, result.members, result.viewer, { page, filter, notice }) };
  },
});

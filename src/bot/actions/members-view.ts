import { z } from 'zod';
import { listMembers } from '../../domain/members.js';
import { defineAction } from '../registry.js';
import { audienceOf } from '../views/audience.js';
import { membersCard } from '../views/members.js';
import { filterData, pageData } from './page.js';

/**
 * A page of the member list as the clicker may see it; also where "Keep" on a removal confirmation leads,
 * and what an Owner's client asks for to refresh a list posted in a chat or channel, so it changes nothing.
 */
export const membersView = defineAction({
  verb: 'members.view',
  refresh: true,
  data: z.object({ page: pageData, filter: filterData }),
  async run(turn, { page, filter }) {
    const { viewer, members } = await turn.store.read(turn.tenantId, (t) => listMembers(t, turn.person));
    return { card: membersCard(turn, members, viewer, { page, filter, audience: await audienceOf(turn, { posted: false }) }) };
  },
});

import { z } from 'zod';
import { listMembers } from '../../domain/members.js';
import { defineAction } from '../registry.js';
import { membersCard } from '../views/members.js';
import { pageData } from './page.js';

/** A page of the member list; also where "Keep" on a removal confirmation leads. */
export const membersView = defineAction({
  verb: 'members.view',
  data: z.object({ page: pageData }),
  async run(turn, { page }) {
    const { viewer, members } = await turn.store.read(turn.tenantId, (t) => listMembers(t, turn.person));
    return { card: membersCard(turn, members, viewer, page) };
  },
});

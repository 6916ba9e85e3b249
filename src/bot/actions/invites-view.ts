import { z } from 'zod';
import { invitesReply } from '../invitation-flow.js';
import { defineAction } from '../registry.js';
import { pageData } from './page.js';

/** A page of the pending invitations as the clicker may see it; also the refresh of a list posted in a chat or channel. */
export const invitesView = defineAction({
  verb: 'invites.view',
  refresh: true,
  data: z.object({ page: pageData }),
  async run(turn, { page }) {
    return { card: await invitesReply(turn, { page, posted: false }) };
  },
});

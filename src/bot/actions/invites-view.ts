import { z } from 'zod';
import { pendingFor } from '../invitation-flow.js';
import { defineAction } from '../registry.js';
import { invitesCard } from '../views/invites.js';
import { pageData } from './page.js';

/** A page of the pending invitations. */
export const invitesView = defineAction({
  verb: 'invites.view',
  data: z.object({ page: pageData }),
  async run(turn, { page }) {
    const { viewer, pending } = await pendingFor(turn);
    return { card: invitesCard(turn, pending, viewer, { page }) };
  },
});

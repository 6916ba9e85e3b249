import { z } from 'zod';
import { requestAccess } from '../../domain/invitations.js';
import { sendRequest } from '../invitation-flow.js';
import { defineAction } from '../registry.js';

/** A non-member's "Ask for access" on the whoami card: an invitation for themselves, sent to the Owners. */
export const accessRequest = defineAction({
  verb: 'access.request',
  data: z.object({}),
  async run(turn) {
    const invitation = await turn.store.write(turn.tenantId, (t) =>
      requestAccess(t, turn.person, turn.now(), turn.config.inviteTtlDays),
    );
    await sendRequest(turn, invitation);
    return { message: turn.t('access.requested') };
  },
});

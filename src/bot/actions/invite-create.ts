import { z } from 'zod';
import { submitInvitation } from '../commands/invite.js';
import { defineAction } from '../registry.js';

/**
 * The invitation form's Send button: the form turns, for everyone in the chat, into the invitation's card
 * (a Contributor's request) or into what was done (an Owner's invitation, in effect at once).
 */
export const inviteCreate = defineAction({
  verb: 'invite.create',
  // The form's inputs; their rules are the domain's, so here they are only strings.
  data: z.object({}).catchall(z.string().max(1000)),
  async run(turn, inputs, invoke) {
    const { outcome, replies: [{ card }] } = await submitInvitation(turn, inputs, { messageId: invoke.replyToId });
    // A refused form goes back to its sender alone: what they typed is not shown to the chat.
    if (outcome !== 'invalid') await invoke.updateForEveryone(card);
    return { card };
  },
});

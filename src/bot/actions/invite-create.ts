import { z } from 'zod';
import { submitInvitation } from '../commands/invite.js';
import { defineAction } from '../registry.js';

/** The invitation form's Send button: the form turns into the invitation's card for everyone in the chat. */
export const inviteCreate = defineAction({
  verb: 'invite.create',
  // The form's inputs; their rules are the domain's, so here they are only strings.
  data: z.object({}).catchall(z.string().max(1000)),
  async run(turn, inputs, invoke) {
    const here = invoke.replyToId ? { messageId: invoke.replyToId } : undefined;
    const [reply] = await submitInvitation(turn, inputs, here);
    if (reply && 'card' in reply) {
      await invoke.updateForEveryone(reply.card);
      return { card: reply.card };
    }
    return { message: reply?.text ?? '' };
  },
});

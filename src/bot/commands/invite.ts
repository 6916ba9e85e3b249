import { requestInvitation, type RequestResult } from '../../domain/invitations.js';
import { requirePermission } from '../../domain/organization.js';
import { requireChecklistDone } from '../../domain/checklist.js';
import type { Command } from '../registry.js';
import type { AdaptiveCard } from '../render.js';
import { announceSettled, sendRequest } from '../invitation-flow.js';
import { inviteAddedCard, inviteFormCard, inviteSentCard } from '../views/invite-form.js';
import { roleFromWord } from '../text.js';
import type { Reply, Turn } from '../turn.js';

/** "ana@contoso.com", "ana@contoso.com as contributor", "ana@contoso.com as an owner", "ana@contoso.com som ägare". */
const ARGS = /^(?<email>\S+)(?:\s+(?:as|som)\s+(?:an?\s+)?(?<role>\S+))?$/i;

export const invite: Command = {
  name: 'invite',
  aliases: ['bjud in'],
  usage: 'help.usage.invite',
  description: 'command.invite',
  phrasings: [/^(?:please\s+)?(?:invite|add)\s+(?<args>\S+@\S+.*)$/i],
  // Without arguments it is the form: the confirmation card's "Invite someone else" button runs it.
  button: true,
  helpButton: false,
  async run(turn, args) {
    if (!args) {
      await turn.store.read(turn.tenantId, async (t) => {
        await requirePermission(t, turn.person, 'invitation.request');
        await requireChecklistDone(t);
      });
      return [{ card: inviteFormCard(turn) }];
    }
    const parsed = ARGS.exec(args);
    const role = parsed?.groups?.['role'] ? roleFromWord(parsed.groups['role']) : 'contributor';
    if (!parsed || !role) return [{ text: turn.t('invite.usage') }];
    return (await submitInvitation(turn, { email: parsed.groups!['email'], role, type: 'user' })).replies;
  },
};

type Submitted<R extends readonly Reply[]> = { readonly outcome: RequestResult['outcome']; readonly replies: R };
/** A click on the form's Send button; Teams names the form's message, the Agents Playground may not. */
type FormClick = { readonly messageId: string | undefined };

/**
 * Runs an invitation from the command or the form; a refused one ("invalid") comes back as the form, marked.
 * From the form the answer is always one card, which takes the spent form's place for its sender.
 */
export async function submitInvitation(turn: Turn, input: Readonly<Record<string, unknown>>): Promise<Submitted<Reply[]>>;
export async function submitInvitation(turn: Turn, input: Readonly<Record<string, unknown>>, form: FormClick): Promise<Submitted<[{ readonly card: AdaptiveCard }]>>;
export async function submitInvitation(turn: Turn, input: Readonly<Record<string, unknown>>, form?: FormClick): Promise<Submitted<Reply[]>> {
  const result = await turn.store.write(turn.tenantId, (t) =>
    requestInvitation(t, turn.person, input, turn.now(), turn.config.inviteTtlDays),
  );
  switch (result.outcome) {
    case 'invalid':
      return { outcome: result.outcome, replies: [{ card: inviteFormCard(turn, input, result.errors) }] };
    case 'added': {
      const { member } = result;
      if (result.settled) await announceSettled(turn, result.invitation);
      // A service principal is active at once: it never talks to the bot.
      const key = member.status === 'active' ? 'invite.addedActive' : 'invite.added';
      const text = turn.t(`${key}.${member.role}`, { email: member.email });
      // From the form, a card takes the spent form's place; from the command, the answer is the sentence.
      return { outcome: result.outcome, replies: [form ? { card: inviteAddedCard(turn, member, text) } : { text }] };
    }
    case 'pending': {
      // The form's message, when known, becomes the request's card; otherwise the card is posted on its own.
      const here = form?.messageId ? { messageId: form.messageId } : undefined;
      const card = await sendRequest(turn, result.invitation, here);
      if (!form) return { outcome: result.outcome, replies: [] };
      // A form whose message is unknown says where the request went: the request's card is already in the chat.
      return { outcome: result.outcome, replies: [{ card: here ? card : inviteSentCard(turn, result.invitation) }] };
    }
  }
}

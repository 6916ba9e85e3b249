import { requestInvitation, type RequestResult } from '../../domain/invitations.js';
import { requirePermission } from '../../domain/organization.js';
import { requireChecklistDone } from '../../domain/checklist.js';
import type { Command } from '../registry.js';
import { announceSettled, sendRequest } from '../invitation-flow.js';
import { inviteAddedCard, inviteFormCard } from '../views/invite-form.js';
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

/** Runs an invitation from the command or the form; a refused one ("invalid") comes back as the form, marked. */
export async function submitInvitation(
  turn: Turn,
  input: Readonly<Record<string, unknown>>,
  here?: { readonly messageId: string },
): Promise<{ readonly outcome: RequestResult['outcome']; readonly replies: Reply[] }> {
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
      return { outcome: result.outcome, replies: [here ? { card: inviteAddedCard(turn, member, text) } : { text }] };
    }
    case 'pending': {
      // From the form, the card takes the form's place; from the command, it was posted on its own.
      const card = await sendRequest(turn, result.invitation, here);
      return { outcome: result.outcome, replies: here ? [{ card }] : [] };
    }
  }
}

import { pendingFor } from '../invitation-flow.js';
import type { Command } from '../registry.js';
import { invitesCard } from '../views/invites.js';

export const invites: Command = {
  name: 'invites',
  aliases: ['invitations', 'inbjudningar'],
  description: 'command.invites',
  phrasings: [/^(show|list) (the )?(pending )?invit(es|ations)$/i, /^visa (väntande )?inbjudningar$/i],
  button: true,
  async run(turn) {
    const { viewer, pending } = await pendingFor(turn);
    return [{ card: invitesCard(turn, pending, viewer) }];
  },
};

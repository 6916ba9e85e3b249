import { invitesReply } from '../invitation-flow.js';
import type { Command } from '../registry.js';

export const invites: Command = {
  name: 'invites',
  aliases: ['invitations', 'inbjudningar'],
  description: 'command.invites',
  phrasings: [/^(show|list) (the )?(pending )?invit(es|ations)$/i, /^visa (väntande )?inbjudningar$/i],
  button: true,
  async run(turn) {
    return [{ card: await invitesReply(turn, { posted: true }) }];
  },
};

import { listMembers } from '../../domain/members.js';
import type { Command } from '../registry.js';
import { audienceOf } from '../views/audience.js';
import { membersCard } from '../views/members.js';

export const members: Command = {
  name: 'members',
  aliases: ['users', 'medlemmar'],
  description: 'command.members',
  phrasings: [/^(show|list|who are) (the |all )?(members|users)$/i, /^(visa|lista) (alla )?medlemmar(na)?$/i],
  button: true,
  usage: 'help.usage.members',
  async run(turn, args) {
    const { viewer, members: all } = await turn.store.read(turn.tenantId, (t) => listMembers(t, turn.person));
    const filter = args.slice(0, 100);
    return [{ card: membersCard(turn, all, viewer, { filter, audience: await audienceOf(turn, { posted: true }) }) }];
  },
};

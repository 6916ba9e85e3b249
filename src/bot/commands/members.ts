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
  async run(turn) {
    const { viewer, members: all } = await turn.store.read(turn.tenantId, (t) => listMembers(t, turn.person));
    return [{ card: membersCard(turn, all, viewer, { audience: await audienceOf(turn, { posted: true }) }) }];
  },
};

import { checkRemoval } from '../../domain/members.js';
import { profileNamesAsOwner } from '../../domain/profile.js';
import type { Command } from '../registry.js';
import { removeConfirmCard } from '../views/members.js';

export const remove: Command = {
  name: 'remove',
  aliases: ['ta bort'],
  usage: 'help.usage.remove',
  description: 'command.remove',
  async run(turn, args) {
    if (!/^\S+@\S+$/.test(args)) return [{ text: turn.t('remove.usage') }];
    // Nothing changes yet: the confirmation card's button does the removal.
    const { member, named } = await turn.store.read(turn.tenantId, async (t) => {
      const member = await checkRemoval(t, turn.person, args);
      return { member, named: await profileNamesAsOwner(t, member.email) };
    });
    return [{ card: removeConfirmCard(turn, member, named) }];
  },
};

import { openProfileForm } from '../../domain/profile.js';
import type { Command } from '../registry.js';
import { profileFormCard } from '../views/profile.js';

export const profileEdit: Command = {
  name: 'profile edit',
  aliases: ['edit profile', 'redigera profilen'],
  description: 'command.profileEdit',
  phrasings: [/^(edit|change|update) (the |our )?(publisher )?profile$/i],
  async run(turn) {
    const form = await turn.store.read(turn.tenantId, (t) => openProfileForm(t, turn.person));
    return [{ card: profileFormCard(turn, form) }];
  },
};

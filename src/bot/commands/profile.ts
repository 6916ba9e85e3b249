import { viewProfile } from '../../domain/profile.js';
import type { Command } from '../registry.js';
import { audienceOf } from '../views/audience.js';
import { profileCard } from '../views/profile.js';

export const profile: Command = {
  name: 'profile',
  aliases: ['profil'],
  description: 'command.profile',
  phrasings: [/^(show|view) (the |our )?(publisher )?profile$/i, /^visa (utgivar)?profilen$/i],
  button: true,
  async run(turn) {
    const view = await turn.store.read(turn.tenantId, (t) => viewProfile(t, turn.person));
    return [{ card: profileCard(turn, view, { audience: await audienceOf(turn, { posted: true }) }) }];
  },
};

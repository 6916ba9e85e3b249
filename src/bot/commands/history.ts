import { history as historyPage } from '../../domain/profile.js';
import type { Command } from '../registry.js';
import { historyCard } from '../views/history.js';

export const history: Command = {
  name: 'history',
  aliases: ['historik', 'audit'],
  description: 'command.history',
  phrasings: [/^(show (the )?history|who changed what|what changed)$/i, /^visa historiken$/i],
  button: true,
  async run(turn) {
    const page = await turn.store.read(turn.tenantId, (t) => historyPage(t, turn.person, 1));
    return [{ card: historyCard(turn, page) }];
  },
};

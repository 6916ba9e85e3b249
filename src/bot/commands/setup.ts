import { setUp } from '../../domain/organization.js';
import { renderCard } from '../render.js';
import type { Command } from '../registry.js';
import { formatDate, memberRows } from '../format.js';

export const setup: Command = {
  name: 'setup',
  aliases: ['set up'],
  description: 'command.setup',
  phrasings: [/^(set ?up (publisher desk|the bot|my organi[sz]ation))$/i, /^(konfigurera|kom igång)$/i],
  async run(turn) {
    const result = await turn.store.write(turn.tenantId, (tenant) => setUp(tenant, turn.person, turn.now()));
    const card = result.created
      ? renderCard('setup', {
          title: turn.t('setup.created.title'),
          body: turn.t('setup.created.body'),
          ownersLabel: turn.t('whoami.owners'),
          owners: memberRows([result.owner]),
          // Inviting and editing the profile wait for the checklist, so that is where a new organization goes next.
          next: turn.t('setup.created.next'),
          open: turn.t('gate.open'),
        })
      : renderCard('setup', {
          title: turn.t('setup.already.title'),
          body: turn.t('setup.already.body', { date: formatDate(turn, result.organization.createdAt) }),
          ownersLabel: turn.t('whoami.owners'),
          owners: memberRows(result.owners),
          next: '',
        });
    return [{ card }];
  },
};

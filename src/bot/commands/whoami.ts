import { accessOf } from '../../domain/organization.js';
import { formatDate, memberRows } from '../format.js';
import { renderCard } from '../render.js';
import type { Command } from '../registry.js';

export const whoami: Command = {
  name: 'whoami',
  aliases: ['who am i', 'my role'],
  description: 'command.whoami',
  phrasings: [
    /^(what('s| is) my role|do i have access|who (are|is) the owners?|list (the )?owners)$/i,
    /^(vem är jag|vilken roll har jag|vilka är ägarna|vem är ägare)$/i,
  ],
  button: true,
  async run(turn) {
    const access = await turn.store.read(turn.tenantId, (tenant) => accessOf(tenant, turn.person));
    const statement =
      access.kind === 'notSetUp'
        ? turn.t('whoami.notSetUp')
        : access.kind === 'notMember'
          ? turn.t('whoami.notMember')
          : turn.t(`whoami.member.${access.member.role}`, { status: turn.t(`status.${access.member.status}`).toLowerCase() });
    const since = access.kind === 'member' ? formatDate(turn, access.member.addedAt) : '';
    return [
      {
        card: renderCard('whoami', {
          title: turn.t('whoami.title'),
          statement,
          name: turn.person.name,
          email: turn.person.email ?? '',
          emailLabel: turn.t('whoami.email'),
          since,
          sinceLabel: turn.t('whoami.since'),
          ownersLabel: turn.t('whoami.owners'),
          owners: access.kind === 'notSetUp' ? [] : memberRows(access.owners),
          canRequest: access.kind === 'notMember',
          requestAccess: turn.t('whoami.requestAccess'),
        }),
      },
    ];
  },
};

import { pendingInvitations } from '../../domain/invitations.js';
import { requirePermission } from '../../domain/organization.js';
import type { Command } from '../registry.js';
import { invitesCard } from '../views/invites.js';

export const invites: Command = {
  name: 'invites',
  aliases: ['invitations', 'inbjudningar'],
  description: 'command.invites',
  phrasings: [/^(show|list) (the )?(pending )?invit(es|ations)$/i, /^visa (väntande )?inbjudningar$/i],
  button: true,
  async run(turn) {
    const { viewer, pending } = await turn.store.read(turn.tenantId, async (t) => ({
      viewer: await requirePermission(t, turn.person, 'view'),
      pending: await pendingInvitations(t, turn.person, turn.now()),
    }));
    return [{ card: invitesCard(turn, pending, viewer) }];
  },
};

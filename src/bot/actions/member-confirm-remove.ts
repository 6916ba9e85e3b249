import { z } from 'zod';
import { checkRemoval } from '../../domain/members.js';
import { profileNamesAsOwner } from '../../domain/profile.js';
import { defineAction } from '../registry.js';
import { removeConfirmCard } from '../views/members.js';
import { filterData, pageData } from './page.js';

/** Remove, step one: a confirmation card. Nothing changes until its "Yes, remove". */
export const memberConfirmRemove = defineAction({
  verb: 'member.confirmRemove',
  data: z.object({ email: z.string().min(3).max(254), page: pageData, filter: filterData }),
  async run(turn, { email, page, filter }) {
    const { member, named } = await turn.store.read(turn.tenantId, async (t) => {
      const member = await checkRemoval(t, turn.person, email);
      return { member, named: await profileNamesAsOwner(t, member.email) };
    });
    return { card: removeConfirmCard(turn, member, named, { page, filter }) };
  },
});

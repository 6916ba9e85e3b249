import { z } from 'zod';
import { openProfileForm } from '../../domain/profile.js';
import { defineAction } from '../registry.js';
import { profileFormCard } from '../views/profile.js';

/** Opens the form with the current values, at the current version (the profile card's Edit, the conflict card's reopen). */
export const profileEdit = defineAction({
  verb: 'profile.edit',
  data: z.object({}),
  async run(turn) {
    const form = await turn.store.read(turn.tenantId, (t) => openProfileForm(t, turn.person));
    return { card: profileFormCard(turn, form) };
  },
});

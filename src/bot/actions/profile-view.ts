import { z } from 'zod';
import { viewProfile } from '../../domain/profile.js';
import { defineAction } from '../registry.js';
import { audienceOf } from '../views/audience.js';
import { profileCard } from '../views/profile.js';

/** The profile as it is now; also the form's Cancel. */
export const profileView = defineAction({
  verb: 'profile.view',
  // Also what an Owner's client asks for to refresh a profile posted in a chat or channel.
  refresh: true,
  data: z.object({}),
  async run(turn) {
    const view = await turn.store.read(turn.tenantId, (t) => viewProfile(t, turn.person));
    return { card: profileCard(turn, view, { audience: await audienceOf(turn, { posted: false }) }) };
  },
});

import { z } from 'zod';
import { history } from '../../domain/profile.js';
import { defineAction } from '../registry.js';
import { historyCard } from '../views/history.js';
import { pageData } from './page.js';

export const historyView = defineAction({
  verb: 'history.view',
  data: z.object({ page: pageData }),
  async run(turn, { page }) {
    return { card: historyCard(turn, await turn.store.read(turn.tenantId, (t) => history(t, turn.person, page))) };
  },
});

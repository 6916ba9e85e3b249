import { z } from 'zod';
import { viewChecklist } from '../../domain/checklist.js';
import { defineAction } from '../registry.js';
import { checklistCard } from '../views/checklist.js';

/** Shows the checklist as it is now; also closes an open step form without saving. */
export const prereqView = defineAction({
  verb: 'prereq.view',
  data: z.object({}),
  async run(turn) {
    const checklist = await turn.store.read(turn.tenantId, (t) => viewChecklist(t, turn.person));
    return { card: checklistCard(turn, checklist) };
  },
});

import { z } from 'zod';
import { STEP_IDS } from '../../domain/checklist.js';
import { requirePermission } from '../../domain/organization.js';
import { defineAction } from '../registry.js';
import { checklistCard } from '../views/checklist.js';

/** Opens one step's inputs inline, for the person who clicked only. */
export const prereqOpen = defineAction({
  verb: 'prereq.open',
  data: z.object({ step: z.enum(STEP_IDS) }),
  async run(turn, { step }) {
    const checklist = await turn.store.read(turn.tenantId, async (t) => {
      await requirePermission(t, turn.person, 'checklist.update');
      return t.checklist();
    });
    return { card: checklistCard(turn, checklist, { step }) };
  },
});

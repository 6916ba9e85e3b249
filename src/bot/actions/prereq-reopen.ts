import { z } from 'zod';
import { reopenStep, STEP_IDS } from '../../domain/checklist.js';
import { defineAction } from '../registry.js';
import { checklistCard } from '../views/checklist.js';

export const prereqReopen = defineAction({
  verb: 'prereq.reopen',
  data: z.object({ step: z.enum(STEP_IDS) }),
  async run(turn, { step }, invoke) {
    const checklist = await turn.store.write(turn.tenantId, (t) => reopenStep(t, turn.person, step, turn.now()));
    const card = checklistCard(turn, checklist);
    await invoke.updateForEveryone(card);
    return { card };
  },
});

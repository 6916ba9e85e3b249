import { z } from 'zod';
import { saveStep, STEP_IDS } from '../../domain/checklist.js';
import { defineAction } from '../registry.js';
import { checklistCard } from '../views/checklist.js';

/** Saves a step's inputs: the card comes back with the step done, or with the form and a message at each bad field. */
export const prereqUpdate = defineAction({
  verb: 'prereq.update',
  // The card's inputs arrive beside "step"; their rules are the domain's, so here they are only strings.
  data: z.object({ step: z.enum(STEP_IDS) }).catchall(z.string().max(1000)),
  async run(turn, { step, ...inputs }, invoke) {
    const result = await turn.store.write(turn.tenantId, (t) => saveStep(t, turn.person, step, inputs, turn.now(), turn.today()));
    if (!result.saved) return { card: checklistCard(turn, result.checklist, { step, typed: inputs, errors: result.errors }) };
    const card = checklistCard(turn, result.checklist);
    await invoke.updateForEveryone(card);
    return { card };
  },
});

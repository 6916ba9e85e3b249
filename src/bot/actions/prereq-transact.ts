import { z } from 'zod';
import { answerTransact } from '../../domain/checklist.js';
import { defineAction } from '../registry.js';
import { checklistCard } from '../views/checklist.js';

/** Records whether the organization sells through Azure, which makes steps 2 and 5 required or recommended. */
export const prereqTransact = defineAction({
  verb: 'prereq.transact',
  data: z.object({ answer: z.enum(['yes', 'no']) }),
  async run(turn, { answer }, invoke) {
    const checklist = await turn.store.write(turn.tenantId, (t) =>
      answerTransact(t, turn.person, answer === 'yes', turn.now()),
    );
    const card = checklistCard(turn, checklist);
    await invoke.updateForEveryone(card);
    return { card };
  },
});

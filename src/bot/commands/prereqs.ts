import { viewChecklist } from '../../domain/checklist.js';
import type { Command } from '../registry.js';
import { checklistCard } from '../views/checklist.js';

export const prereqs: Command = {
  name: 'prereqs',
  aliases: ['checklist', 'prerequisites', 'checklista'],
  description: 'command.prereqs',
  phrasings: [
    /^(show (me )?(the )?(checklist|prerequisites|prereqs)|what('s| is) next|how do (we|i) become a (registered )?(cloud )?publisher)$/i,
    /^(visa checklistan|förutsättningar(na)?|vad är nästa steg)$/i,
  ],
  button: true,
  async run(turn) {
    const checklist = await turn.store.read(turn.tenantId, (t) => viewChecklist(t, turn.person));
    return [{ card: checklistCard(turn, checklist) }];
  },
};

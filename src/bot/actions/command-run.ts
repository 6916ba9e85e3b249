import { z } from 'zod';
import { defineAction } from '../registry.js';

/** A button that runs a command: its answer arrives as a new message, and the clicked card stays. */
export const commandRun = defineAction({
  verb: 'command.run',
  data: z.object({ command: z.string().min(1).max(40) }),
  async run(turn, { command }) {
    const found = turn.commands.find((c) => c.button && c.name === command);
    if (!found) {
      return { error: { status: 400, message: turn.t('action.unknownCommand', { command: command.slice(0, 40) }) } };
    }
    for (const reply of await found.run(turn, '')) await turn.send(reply);
    return { message: turn.t('action.sent', { command: found.name }) };
  },
});

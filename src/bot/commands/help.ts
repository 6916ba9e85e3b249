import { renderCard, type AdaptiveCard } from '../render.js';
import type { Command } from '../registry.js';
import type { Turn } from '../turn.js';

export function helpCard(turn: Turn): AdaptiveCard {
  return renderCard('help', {
    title: turn.t('help.title'),
    intro: turn.t('help.intro'),
    examples: turn.t('help.examples'),
    commands: turn.commands.map((c) => ({
      usage: c.usage ? turn.t(c.usage) : c.name,
      aliases: c.aliases?.join(', ') ?? '',
      description: turn.t(c.description),
    })),
    buttons: turn.commands.filter((c) => c.button && c.helpButton !== false).map((c) => ({ title: c.name, command: c.name })),
  });
}

export const help: Command = {
  name: 'help',
  aliases: ['hjälp', 'commands'],
  description: 'command.help',
  phrasings: [/^(hi|hello|hey|what can you do|how does this work|hej|vad kan du( göra)?)$/i],
  async run(turn) {
    // The first person of a new organization is shown where to start: every other command waits for setup.
    const setUp = await turn.store.read(turn.tenantId, async (t) => (await t.organization()) !== undefined);
    return setUp ? [{ card: helpCard(turn) }] : [{ text: turn.t('whoami.notSetUp') }, { card: helpCard(turn) }];
  },
};

import { changeRole } from '../../domain/members.js';
import { profileNamesAsOwner } from '../../domain/profile.js';
import type { Command } from '../registry.js';
import { tellRoleChange } from '../role-news.js';
import { roleFromWord } from '../text.js';
import { withProfileWarning } from '../views/members.js';

const ARGS = /^(?<email>\S+@\S+)\s+(?:to\s+|till\s+)?(?<role>\S+)$/i;

export const role: Command = {
  name: 'role',
  aliases: ['roll'],
  usage: 'help.usage.role',
  description: 'command.role',
  phrasings: [/^(?:make|set)\s+(?<args>\S+@\S+\s+(?:an?\s+)?(?:owner|contributor))$/i],
  async run(turn, args) {
    const parsed = ARGS.exec(args.replace(/\s+an?\s+/i, ' '));
    const wanted = parsed && roleFromWord(parsed.groups!['role']!);
    if (!parsed || !wanted) return [{ text: turn.t('role.usage') }];
    const { change, named } = await turn.store.write(turn.tenantId, async (t) => {
      const change = await changeRole(t, turn.person, parsed.groups!['email']!, wanted, turn.now());
      return { change, named: change.member.role !== 'owner' && (await profileNamesAsOwner(t, change.member.email)) };
    });
    const { member } = change;
    await tellRoleChange(turn, change);
    const changed = turn.t(`members.roleChanged.${member.role}`, { email: member.email });
    return [{ text: withProfileWarning(turn, changed, member.email, named) }];
  },
};

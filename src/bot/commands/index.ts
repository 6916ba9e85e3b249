import type { Command } from '../registry.js';
import { help } from './help.js';
import { invite } from './invite.js';
import { invites } from './invites.js';
import { members } from './members.js';
import { prereqs } from './prereqs.js';
import { remove } from './remove.js';
import { role } from './role.js';
import { setup } from './setup.js';
import { whoami } from './whoami.js';

/** Every text command, in the order the help card lists them. */
export const commands: readonly Command[] = [help, setup, whoami, prereqs, members, invite, invites, role, remove];

import type { Command } from '../registry.js';
import { help } from './help.js';
import { history } from './history.js';
import { invite } from './invite.js';
import { invites } from './invites.js';
import { members } from './members.js';
import { prereqs } from './prereqs.js';
import { profileEdit } from './profile-edit.js';
import { profile } from './profile.js';
import { remove } from './remove.js';
import { role } from './role.js';
import { setup } from './setup.js';
import { whoami } from './whoami.js';

/** Every text command, in the order the help card lists them. */
export const commands: readonly Command[] = [
  help,
  setup,
  whoami,
  prereqs,
  profile,
  profileEdit,
  members,
  invite,
  invites,
  role,
  remove,
  history,
];

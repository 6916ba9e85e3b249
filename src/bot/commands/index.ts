import type { Command } from '../registry.js';
import { help } from './help.js';
import { prereqs } from './prereqs.js';
import { setup } from './setup.js';
import { whoami } from './whoami.js';

/** Every text command, in the order the help card lists them. */
export const commands: readonly Command[] = [help, setup, whoami, prereqs];

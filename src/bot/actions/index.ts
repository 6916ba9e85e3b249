import type { CardAction } from '../registry.js';
import { commandRun } from './command-run.js';

/** Every card verb the bot answers; verbs are matched exactly. */
export const actions: readonly CardAction[] = [commandRun];

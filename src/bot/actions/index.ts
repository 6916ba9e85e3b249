import type { CardAction } from '../registry.js';
import { commandRun } from './command-run.js';
import { prereqOpen } from './prereq-open.js';
import { prereqReopen } from './prereq-reopen.js';
import { prereqTransact } from './prereq-transact.js';
import { prereqUpdate } from './prereq-update.js';
import { prereqView } from './prereq-view.js';

/** Every card verb the bot answers; verbs are matched exactly. */
export const actions: readonly CardAction[] = [commandRun, prereqView, prereqOpen, prereqUpdate, prereqReopen, prereqTransact];

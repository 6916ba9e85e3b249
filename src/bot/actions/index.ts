import type { CardAction } from '../registry.js';
import { accessRequest } from './access-request.js';
import { commandRun } from './command-run.js';
import { historyView } from './history-view.js';
import { inviteApprove } from './invite-approve.js';
import { inviteCancel } from './invite-cancel.js';
import { inviteCreate } from './invite-create.js';
import { inviteRefresh } from './invite-refresh.js';
import { inviteReject } from './invite-reject.js';
import { invitesView } from './invites-view.js';
import { memberConfirmRemove } from './member-confirm-remove.js';
import { memberRemove } from './member-remove.js';
import { memberRole } from './member-role.js';
import { membersView } from './members-view.js';
import { prereqOpen } from './prereq-open.js';
import { prereqReopen } from './prereq-reopen.js';
import { prereqTransact } from './prereq-transact.js';
import { prereqUpdate } from './prereq-update.js';
import { prereqView } from './prereq-view.js';
import { profileEdit } from './profile-edit.js';
import { profileSave } from './profile-save.js';
import { profileView } from './profile-view.js';

/** Every card verb the bot answers; verbs are matched exactly. */
export const actions: readonly CardAction[] = [
  commandRun,
  prereqView,
  prereqOpen,
  prereqUpdate,
  prereqReopen,
  prereqTransact,
  inviteCreate,
  inviteRefresh,
  inviteApprove,
  inviteReject,
  inviteCancel,
  invitesView,
  accessRequest,
  membersView,
  memberRole,
  memberConfirmRemove,
  memberRemove,
  profileView,
  profileEdit,
  profileSave,
  historyView,
];

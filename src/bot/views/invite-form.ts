import type { Invitation, Member } from '../../domain/model.js';
import { GUID_PATTERN, type FieldErrors } from '../../domain/validation.js';
import { formatDate } from '../format.js';
import { renderCard, type AdaptiveCard } from '../render.js';
import type { Turn } from '../turn.js';
import { EMAIL_HINT, formCard, trimmedHint, typedStrings, type FormField } from './form.js';

/** The server's rule; it trims the value first, so a pasted ID with spaces around it passes both. */
const GUID_HINT = trimmedHint(GUID_PATTERN);
const guidField = (id: string, label: FormField['label']): FormField => ({
  id,
  kind: 'text',
  label,
  errorMessage: 'invite.error.guid',
  regex: GUID_HINT,
  // An ID is 36 characters; a paste may bring spaces around it, which the server trims.
  maxLength: 64,
  hidden: true,
});

const FIELDS: readonly FormField[] = [
  { id: 'email', kind: 'text', label: 'invite.field.email', errorMessage: 'invite.error.email', required: true, regex: EMAIL_HINT },
  {
    id: 'role',
    kind: 'choice',
    label: 'invite.field.role',
    errorMessage: 'invite.error.role',
    choices: [
      { value: 'contributor', title: 'role.contributor' },
      { value: 'owner', title: 'role.owner' },
    ],
  },
  {
    id: 'type',
    kind: 'choice',
    label: 'invite.field.type',
    errorMessage: 'invite.error.type',
    choices: [
      { value: 'user', title: 'invite.type.user' },
      { value: 'servicePrincipal', title: 'invite.type.servicePrincipal' },
    ],
  },
  { id: 'friendlyName', kind: 'text', label: 'invite.field.friendlyName', errorMessage: 'invite.error.friendlyName', maxLength: 100, hidden: true },
  guidField('applicationId', 'invite.field.applicationId'),
  guidField('tenantId', 'invite.field.tenantId'),
  guidField('objectId', 'invite.field.objectId'),
  { id: 'note', kind: 'text', label: 'invite.field.note', errorMessage: 'invite.error.note', maxLength: 500, multiline: true },
];

const SERVICE_PRINCIPAL = FIELDS.filter((f) => f.hidden).map((f) => f.id);

/** What takes the form's place once an Owner's invitation took effect: the form is spent. */
export function inviteAddedCard(turn: Turn, member: Member, message: string): AdaptiveCard {
  const { t } = turn;
  return renderCard('invite-added', {
    title: t('invite.form.title'),
    body: message,
    by: t('invite.addedBy', { name: member.addedBy.name, date: formatDate(turn, member.addedAt) }),
    labels: { members: t('invite.action.showMembers'), another: t('invite.action.another') },
  });
}

/** What takes the form's place once a Contributor's request went to the Owners, its own card posted beside it. */
export function inviteSentCard(turn: Turn, invitation: Invitation): AdaptiveCard {
  const { t } = turn;
  return renderCard('invite-added', {
    title: t('invite.form.title'),
    body: t('invite.sent', { email: invitation.email }),
    by: t('invite.card.requestedBy', { name: invitation.requestedBy.name, date: formatDate(turn, invitation.requestedAt) }),
    labels: { members: t('invite.action.showMembers'), another: t('invite.action.another') },
  });
}

/** The invitation form; service principal inputs stay folded away unless they are in use. */
export function inviteFormCard(turn: Turn, typed: Readonly<Record<string, unknown>> = {}, errors: FieldErrors = {}): AdaptiveCard {
  const { t } = turn;
  const servicePrincipal = typed['type'] === 'servicePrincipal';
  return formCard(turn, {
    title: t('invite.form.title'),
    intro: t('invite.form.intro'),
    fields: servicePrincipal ? FIELDS.map((f) => ({ ...f, hidden: false })) : FIELDS,
    values: { role: 'contributor', type: 'user', ...typedStrings(typed) },
    errors,
    errorSummary: 'invite.formError',
    buttons: [
      { kind: 'execute', title: t('invite.form.send'), verb: 'invite.create', style: 'positive' },
      { kind: 'toggle', title: t('invite.form.servicePrincipal'), fields: SERVICE_PRINCIPAL },
    ],
  });
}

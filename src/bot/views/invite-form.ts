import type { FieldErrors } from '../../domain/validation.js';
import type { AdaptiveCard } from '../render.js';
import type { Turn } from '../turn.js';
import { EMAIL_HINT, formCard, typedStrings, type FormField } from './form.js';

const GUID_HINT = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const guidField = (id: string, label: FormField['label']): FormField => ({
  id,
  kind: 'text',
  label,
  errorMessage: 'invite.error.guid',
  regex: GUID_HINT,
  maxLength: 36,
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

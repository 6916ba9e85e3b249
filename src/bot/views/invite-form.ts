import type { FieldErrors } from '../../domain/validation.js';
import type { MessageKey } from '../../i18n/index.js';
import { renderCard, type AdaptiveCard } from '../render.js';
import type { Turn } from '../turn.js';

interface Field {
  readonly id: string;
  readonly kind: 'text' | 'choice';
  readonly label: MessageKey;
  readonly errorMessage: MessageKey;
  readonly required?: boolean;
  readonly regex?: string;
  readonly maxLength?: number;
  readonly multiline?: boolean;
  readonly choices?: readonly { readonly value: string; readonly title: MessageKey }[];
  readonly servicePrincipal?: boolean;
}

const GUID_HINT = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const FIELDS: readonly Field[] = [
  { id: 'email', kind: 'text', label: 'invite.field.email', errorMessage: 'invite.error.email', required: true, regex: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', maxLength: 254 },
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
  { id: 'friendlyName', kind: 'text', label: 'invite.field.friendlyName', errorMessage: 'invite.error.friendlyName', maxLength: 100, servicePrincipal: true },
  { id: 'applicationId', kind: 'text', label: 'invite.field.applicationId', errorMessage: 'invite.error.guid', regex: GUID_HINT, maxLength: 36, servicePrincipal: true },
  { id: 'tenantId', kind: 'text', label: 'invite.field.tenantId', errorMessage: 'invite.error.guid', regex: GUID_HINT, maxLength: 36, servicePrincipal: true },
  { id: 'objectId', kind: 'text', label: 'invite.field.objectId', errorMessage: 'invite.error.guid', regex: GUID_HINT, maxLength: 36, servicePrincipal: true },
  { id: 'note', kind: 'text', label: 'invite.field.note', errorMessage: 'invite.error.note', maxLength: 500, multiline: true },
];

const DEFAULTS: Readonly<Record<string, string>> = { role: 'contributor', type: 'user' };

/** The invitation form; after a refused submission, with what was typed and a message at each bad field. */
export function inviteFormCard(turn: Turn, typed: Readonly<Record<string, unknown>> = {}, errors: FieldErrors = {}): AdaptiveCard {
  const { t } = turn;
  const servicePrincipal = typed['type'] === 'servicePrincipal';
  return renderCard('invite-form', {
    title: t('invite.form.title'),
    intro: t('invite.form.intro'),
    formError: Object.keys(errors).length ? t('invite.formError') : '',
    servicePrincipalToggle: t('invite.form.servicePrincipal'),
    send: t('invite.form.send'),
    servicePrincipalIds: FIELDS.filter((f) => f.servicePrincipal).map((f) => `field-${f.id}`),
    fields: FIELDS.map((f) => ({
      id: f.id,
      containerId: `field-${f.id}`,
      // Service principal inputs stay folded away unless they are in use.
      visible: !f.servicePrincipal || servicePrincipal,
      kind: f.kind,
      label: t(f.label),
      value: typeof typed[f.id] === 'string' ? typed[f.id] : (DEFAULTS[f.id] ?? ''),
      required: f.required ?? false,
      regex: f.regex ?? '',
      maxLength: f.maxLength ?? 254,
      multiline: f.multiline ?? false,
      errorMessage: t(f.errorMessage),
      choices: (f.choices ?? []).map((c) => ({ value: c.value, title: t(c.title) })),
      error: errors[f.id] ? t(errors[f.id]!) : '',
    })),
  });
}

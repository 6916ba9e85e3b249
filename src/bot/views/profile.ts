import {
  isLocked,
  PHONE,
  PROFILE_FIELDS,
  PUBLISHER_ID,
  WEBSITE,
  type Profile,
  type ProfileField,
  type ProfileForm,
  type ProfileValues,
  type ProfileView,
} from '../../domain/profile.js';
import type { FieldErrors } from '../../domain/validation.js';
import { can } from '../../domain/roles.js';
import type { MessageKey } from '../../i18n/index.js';
import { formatDate } from '../format.js';
import { renderCard, type AdaptiveCard } from '../render.js';
import type { Turn } from '../turn.js';
import type { Audience } from './audience.js';
import { EMAIL_HINT, emailListHint, formCard, NOT_BRANDED, trimmedHint, typedStrings, type FormField } from './form.js';

const label = (field: ProfileField | 'mpnId') => `profile.field.${field}` as MessageKey;

const FIELDS: Readonly<Record<ProfileField, Omit<FormField, 'id' | 'label'>>> = {
  publisherId: { kind: 'text', required: true, regex: trimmedHint(PUBLISHER_ID), errorMessage: 'profile.error.publisherId', maxLength: 50 },
  // 1 to 50 characters once trimmed, as the server counts them.
  displayName: { kind: 'text', required: true, regex: trimmedHint(`${NOT_BRANDED}\\S(?:[\\s\\S]{0,48}\\S)?`), errorMessage: 'profile.hint.displayName', maxLength: 50 },
  ownerEmails: {
    kind: 'text',
    required: true,
    errorMessage: 'profile.hint.ownerEmails',
    maxLength: 1000,
    placeholder: 'olivia@contoso.com, oscar@contoso.com',
  },
  contactName: { kind: 'text', errorMessage: 'profile.error.contactName', maxLength: 100 },
  contactEmail: { kind: 'text', regex: EMAIL_HINT, errorMessage: 'profile.error.email' },
  phone: { kind: 'text', regex: trimmedHint(PHONE), errorMessage: 'profile.error.phone', maxLength: 30 },
  website: { kind: 'text', regex: trimmedHint(WEBSITE), errorMessage: 'profile.error.website', maxLength: 200, placeholder: 'https://' },
  devCenterStatus: {
    kind: 'choice',
    errorMessage: 'profile.error.devCenterStatus',
    choices: [
      { value: 'notLinked', title: 'profile.devCenter.notLinked' },
      { value: 'linked', title: 'profile.devCenter.linked' },
    ],
  },
  devCenterAccountName: { kind: 'text', errorMessage: 'profile.error.devCenterAccountName', maxLength: 100 },
  devCenterOwnerEmail: { kind: 'text', regex: EMAIL_HINT, errorMessage: 'profile.error.email' },
  firstOfferPublishedOn: { kind: 'date', errorMessage: 'profile.error.date' },
};

/** A field's value as the form and the card write it. */
function formValue(values: ProfileValues | null, field: ProfileField): string {
  const value = values?.[field];
  return Array.isArray(value) ? value.join(', ') : ((value as string | undefined) ?? '');
}

function displayValue(turn: Turn, values: ProfileValues | null, field: ProfileField): string {
  const value = formValue(values, field);
  if (field === 'devCenterStatus') return turn.t(value === 'linked' ? 'profile.devCenter.linked' : 'profile.devCenter.notLinked');
  return value || turn.t('profile.notSet');
}

/** The profile as the viewer may see it; with an audience that is everyone, nobody's Edit. */
export function profileCard(turn: Turn, { profile, mpnId, viewer }: ProfileView, { notice = '', audience }: { notice?: string; audience?: Audience } = {}): AdaptiveCard {
  const { t } = turn;
  const values = profile.values;
  const facts = PROFILE_FIELDS.map((f) => ({ title: t(label(f)), value: displayValue(turn, values, f) }));
  facts.splice(3, 0, { title: t(label('mpnId')), value: mpnId || t('profile.notSet') });
  return renderCard('profile', {
    title: values?.displayName || t('profile.title'),
    notice,
    empty: !values,
    none: t('profile.none'),
    facts,
    lockedNote: values?.firstOfferPublishedOn ? t('profile.lockedNote') : '',
    updatedBy:
      profile.updatedBy && profile.updatedAt
        ? t('profile.updatedBy', { name: profile.updatedBy.name, date: formatDate(turn, profile.updatedAt), version: profile.version })
        : '',
    canEdit: !audience?.everyone && can(viewer.role, 'profile.edit'),
    forEveryone: audience?.everyone ?? false,
    refreshUserIds: audience?.refreshUserIds ?? [],
    edit: t('profile.edit'),
    options: t('card.showMyOptions'),
  });
}

/** A field's input, with the hints that depend on the day and on who the Owners are. */
function input(turn: Turn, field: ProfileField, ownerEmails: readonly string[]): Omit<FormField, 'id' | 'label'> {
  // The first offer's day has passed: the date picker offers none after the person's today.
  if (field === 'firstOfferPublishedOn') return { ...FIELDS[field], max: turn.today() };
  // Owner emails name Owners only, so the hint takes their addresses alone.
  if (field === 'ownerEmails') return { ...FIELDS[field], regex: emailListHint(ownerEmails) };
  return FIELDS[field];
}

/** The edit form: every editable field, the locked ones shown read-only; Save carries the version it was opened at. */
export function profileFormCard(
  turn: Turn,
  { profile, ownerEmails }: ProfileForm,
  typed: Readonly<Record<string, unknown>> = {},
  errors: FieldErrors = {},
): AdaptiveCard {
  const { t } = turn;
  const stored = Object.fromEntries(PROFILE_FIELDS.map((f) => [f, formValue(profile.values, f)]));
  return formCard(turn, {
    title: t('profile.form.title'),
    intro: profile.values?.firstOfferPublishedOn ? t('profile.lockedNote') : '',
    fields: PROFILE_FIELDS.map((f) => ({
      id: f,
      label: label(f),
      ...(isLocked(profile, f) ? { kind: 'readonly' as const } : input(turn, f, ownerEmails)),
    })),
    values: { ...stored, devCenterStatus: stored['devCenterStatus'] || 'notLinked', ...typedStrings(typed) },
    errors,
    errorSummary: 'profile.formError',
    buttons: [
      { kind: 'execute', title: t('profile.form.save'), verb: 'profile.save', data: { version: profile.version }, style: 'positive' },
      { kind: 'execute', title: t('profile.form.cancel'), verb: 'profile.view', inputs: 'none' },
    ],
  });
}

/** Someone saved first: what changed since the form was opened, and a way back to a fresh form. */
export function profileConflictCard(turn: Turn, profile: Profile, changedSince: readonly ProfileField[]): AdaptiveCard {
  const { t } = turn;
  return renderCard('profile-conflict', {
    title: t('profile.conflict.title'),
    body: t('profile.conflict.body', {
      name: profile.updatedBy?.name ?? '',
      version: profile.version,
      date: profile.updatedAt ? formatDate(turn, profile.updatedAt) : '',
    }),
    changes: changedSince.map((f) => ({ title: t(label(f)), value: displayValue(turn, profile.values, f) })),
    reopen: t('profile.conflict.reopen'),
  });
}

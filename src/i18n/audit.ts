import type { AuditEvent } from '../domain/model.js';
import { firstCharacters } from '../domain/validation.js';
import { en, type MessageKey } from './en.js';
import type { Translate } from './index.js';

// How an audit event reads in a person's language. Events store plain values (field names, role and
// status codes, the subject as the domain wrote it), so the words are chosen when they are shown, in
// the chat's language, also for events stored before a translation existed.

export const isMessageKey = (key: string): key is MessageKey => key in en;

const translated = (t: Translate, key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);

/** What happened, e.g. "approved an invitation". */
export const auditWhat = (t: Translate, event: Pick<AuditEvent, 'type'>): string => translated(t, `audit.${event.type}`, event.type);

/** Subjects the domain writes as words; the rest (emails) read the same in every language. */
const SUBJECTS: Readonly<Record<string, MessageKey>> = { 'sell through Azure': 'history.subject.transact', profile: 'history.subject.profile' };

export function auditSubject(t: Translate, { type, subject }: Pick<AuditEvent, 'type' | 'subject'>): string {
  // Setup's subject is the tenant ID, which means nothing to the people reading the history.
  if (type === 'organization.setUp') return t('history.subject.organization');
  const step = /^step (\d)$/.exec(subject);
  if (step) return t('history.subject.step', { number: step[1]! });
  const key = SUBJECTS[subject];
  return key ? t(key) : subject;
}

/** The catalog entry naming a field's coded value, per field; values of other fields are shown as given. */
const VALUE_KEYS: Readonly<Record<string, (value: string) => string>> = {
  // A refused decision records 'none' for someone who is not a member.
  role: (v) => (v === 'none' ? 'history.role.none' : `role.${v}`),
  status: (v) => (isMessageKey(`status.${v}`) ? `status.${v}` : `history.status.${v}`),
  type: (v) => `members.type.${v}`,
  devCenterStatus: (v) => `profile.devCenter.${v}`,
  offerType: (v) => `prereq.offerType.${v}`,
  audience: (v) => `prereq.audience.${v}`,
  accountType: (v) => `prereq.accountType.${v}`,
  attempted: (v) => `history.attempted.${v}`,
  reason: (v) => (v === 'account changed' ? 'history.reason.accountChanged' : ''),
};

/** Characters of one value a history line shows: ten events of long owner lists would pass a card's size. */
const VALUE_SHOWN = 120;

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

function valueText(t: Translate, field: string | undefined, value: unknown): string {
  if (isEmpty(value)) return '-';
  if (typeof value === 'boolean') return t(value ? 'history.yes' : 'history.no');
  const key = field && typeof value === 'string' ? VALUE_KEYS[field]?.(value) : undefined;
  if (key) return translated(t, key, value as string);
  const text = Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const shown = firstCharacters(text, VALUE_SHOWN);
  return shown === text ? text : `${shown}…`;
}

/** A field as the form the event came from names it (a checklist step's or the profile's), or as the history does. */
function fieldName(t: Translate, type: string, field: string): string {
  const forms = type.startsWith('prereq.') ? ['prereq', 'profile'] : ['profile', 'prereq'];
  const key = [...forms.map((form) => `${form}.field.${field}`), `history.field.${field}`].find(isMessageKey);
  return key ? t(key) : field;
}

/** "Display name: Contoso → Contoso Ltd", one line per field the event changed. */
export function auditChanges(t: Translate, event: Pick<AuditEvent, 'type' | 'before' | 'after'>): string[] {
  const record = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  const before = record(event.before);
  const after = record(event.after);
  if (!before && !after) {
    if (event.before === undefined && event.after === undefined) return [];
    return [change(t, undefined, event.before, event.after)];
  }
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields.map((field) => `${fieldName(t, event.type, field)}: ${change(t, field, before?.[field], after?.[field])}`);
}

/**
 * "a → b". A value set for the first time reads alone (not "- → a"), as does one the change kept (a step
 * completed again as it was, not "a → a"); a cleared one keeps its arrow, "a → -".
 */
function change(t: Translate, field: string | undefined, before: unknown, after: unknown): string {
  const now = valueText(t, field, after);
  if (isEmpty(before)) return now;
  const was = valueText(t, field, before);
  return was === now ? now : `${was} → ${now}`;
}

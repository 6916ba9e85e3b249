import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { TenantReader, TenantWriter } from '../store/store.js';
import { auditEvent } from './audit.js';
import { requireChecklistDone } from './checklist.js';
import type { Actor, AuditEvent, Member } from './model.js';
import { findMember, requirePermission } from './organization.js';
import { can, owners } from './roles.js';
import { BRANDED, EMAIL, fieldErrors, isRealDay, msg, personToday, type FieldErrors } from './validation.js';

// The publisher profile (PRODUCT.md section 2): fields, rules, the lock after the first offer, and
// optimistic concurrency through a version number.

export const PROFILE_FIELDS = [
  'publisherId',
  'displayName',
  'ownerEmails',
  'contactName',
  'contactEmail',
  'phone',
  'website',
  'devCenterStatus',
  'devCenterAccountName',
  'devCenterOwnerEmail',
  'firstOfferPublishedOn',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Read-only once the first offer is published (the display name stays editable). */
const LOCKED_AFTER_FIRST_OFFER: readonly ProfileField[] = ['publisherId', 'ownerEmails'];

export interface ProfileValues {
  readonly publisherId: string;
  readonly displayName: string;
  readonly ownerEmails: readonly string[];
  readonly contactName: string;
  readonly contactEmail: string;
  readonly phone: string;
  readonly website: string;
  readonly devCenterStatus: 'notLinked' | 'linked';
  readonly devCenterAccountName: string;
  readonly devCenterOwnerEmail: string;
  readonly firstOfferPublishedOn: string;
}

export interface Profile {
  /** 0 until the first save; each save adds one. */
  readonly version: number;
  readonly values: ProfileValues | null;
  /** The version at which each field last changed, to tell a stale form what changed since. */
  readonly fieldVersions: Partial<Readonly<Record<ProfileField, number>>>;
  readonly updatedBy?: Actor | undefined;
  readonly updatedAt?: string | undefined;
}

/** What an unsaved profile holds, so a first save counts only the fields it fills in as changed. */
const EMPTY_VALUES: ProfileValues = {
  publisherId: '',
  displayName: '',
  ownerEmails: [],
  contactName: '',
  contactEmail: '',
  phone: '',
  website: '',
  devCenterStatus: 'notLinked',
  devCenterAccountName: '',
  devCenterOwnerEmail: '',
  firstOfferPublishedOn: '',
};

export const isLocked = (profile: Profile, field: ProfileField): boolean =>
  !!profile.values?.firstOfferPublishedOn && LOCKED_AFTER_FIRST_OFFER.includes(field);

// The rules that are patterns, written without flags so the form's client-side hints reuse them as they are.
export const PUBLISHER_ID = '[a-z0-9-]{3,50}';
/** Digits, spaces, dashes and brackets, ending in no space (the text is read trimmed). */
export const PHONE = '\\+?[0-9][0-9 ()-]{4,23}[0-9()-]';
/** https:// and a host name with a dot, its labels of letters (any script), digits and hyphens: no port or user name. */
const HOST_LABEL = '[^\\s\\x00-\\x2c\\x2e\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x9f]+';
export const WEBSITE = `[Hh][Tt][Tt][Pp][Ss]://${HOST_LABEL}(?:\\.${HOST_LABEL})+(?:[/?#]\\S*)?`;
const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);
const publisherIdRule = whole(PUBLISHER_ID);
const phoneRule = whole(PHONE);
const websiteRule = whole(WEBSITE);

const blank = (v: unknown) => (v === undefined || v === null ? '' : v);
const text = (max: number, key: Parameters<typeof msg>[0]) =>
  z.preprocess(blank, z.string(msg(key)).trim().max(max, msg(key)));
const optionalEmail = text(254, 'profile.error.email').refine((v) => v === '' || EMAIL.test(v), msg('profile.error.email'));

/** `today` is the person's date (see personToday). */
const isRealPastDay = (day: string, today: string) => isRealDay(day) && day <= today;

/**
 * The form's fields as the server reads them: every rule of the spec, whatever the client checked.
 * Locked owner emails are not checked against today's Owners: they cannot change, and an Owner demoted
 * since the first offer must not lock the rest of the profile with them.
 */
function profileSchema(ownerEmails: readonly string[], today: string, { ownerEmailsLocked }: { ownerEmailsLocked: boolean }) {
  const ownerSet = new Set(ownerEmails);
  return z
    .object({
      publisherId: text(50, 'profile.error.publisherId').pipe(z.string().regex(publisherIdRule, msg('profile.error.publisherId'))),
      displayName: text(50, 'profile.error.displayName')
        .pipe(z.string().min(1, msg('profile.error.displayName')))
        .refine((v) => !BRANDED.test(v), msg('profile.error.displayNameBrand')),
      ownerEmails: z
        .preprocess(
          (v) => (typeof v === 'string' ? v.split(/[\s,;]+/).filter(Boolean).map((e) => e.toLowerCase()) : v),
          z.array(z.string().regex(EMAIL, msg('profile.error.ownerEmails')), msg('profile.error.ownerEmails')),
        )
        .refine((list) => list.length > 0, msg('profile.error.ownerEmails'))
        .refine((list) => ownerEmailsLocked || list.every((e) => ownerSet.has(e)), msg('profile.error.notOwner'))
        .transform((list) => [...new Set(list)]),
      contactName: text(100, 'profile.error.contactName'),
      contactEmail: optionalEmail,
      phone: text(30, 'profile.error.phone').refine((v) => v === '' || phoneRule.test(v), msg('profile.error.phone')),
      // The pattern is what the form can check; a host name no browser takes (bad punycode) fails the parse.
      website: text(200, 'profile.error.website').refine((v) => v === '' || (websiteRule.test(v) && URL.canParse(v)), msg('profile.error.website')),
      devCenterStatus: z.preprocess((v) => blank(v) || 'notLinked', z.enum(['notLinked', 'linked'], msg('profile.error.devCenterStatus'))),
      devCenterAccountName: text(100, 'profile.error.devCenterAccountName'),
      devCenterOwnerEmail: optionalEmail.transform((v) => v.toLowerCase()),
      firstOfferPublishedOn: text(10, 'profile.error.date').refine((v) => v === '' || isRealPastDay(v, today), msg('profile.error.date')),
    })
    .superRefine((p, ctx) => {
      const linked = p.devCenterStatus === 'linked';
      if (linked && !p.devCenterAccountName) ctx.addIssue({ code: 'custom', path: ['devCenterAccountName'], message: 'profile.error.devCenterAccountName' });
      // Whenever one is named, linked or not; a linked account must name one.
      if ((linked || p.devCenterOwnerEmail) && !p.ownerEmails.includes(p.devCenterOwnerEmail)) {
        ctx.addIssue({ code: 'custom', path: ['devCenterOwnerEmail'], message: 'profile.error.devCenterOwner' });
      }
    });
}

/**
 * Whether the profile names this member as an owner email while that list may hold Owners only: once they
 * are no longer an Owner, the profile's next save is refused until the list changes, so they are told first.
 */
export async function profileNamesAsOwner(tenant: TenantReader, email: string): Promise<boolean> {
  const profile = await tenant.profile();
  return !isLocked(profile, 'ownerEmails') && (profile.values?.ownerEmails ?? []).includes(email.toLowerCase());
}

export interface ProfileView {
  readonly profile: Profile;
  readonly mpnId: string;
  readonly viewer: Member;
}

export async function viewProfile(tenant: TenantReader, person: Actor): Promise<ProfileView> {
  const viewer = await requirePermission(tenant, person, 'view');
  const checklist = await tenant.checklist();
  return { profile: await tenant.profile(), mpnId: checklist.steps.mpn?.values['mpnId'] ?? '', viewer };
}

/** What the form shows: the profile, and the Owners' emails, the only addresses its owner emails may name. */
export interface ProfileForm {
  readonly profile: Profile;
  readonly ownerEmails: readonly string[];
}

const ownerEmailsOf = async (tenant: TenantReader) => owners(await tenant.members()).map((o) => o.email.toLowerCase());

/** The form is for Owners of an organization whose required prerequisites are done. */
export async function openProfileForm(tenant: TenantReader, person: Actor): Promise<ProfileForm> {
  await requirePermission(tenant, person, 'profile.edit');
  await requireChecklistDone(tenant);
  return { profile: await tenant.profile(), ownerEmails: await ownerEmailsOf(tenant) };
}

export type SaveProfileResult =
  /** `changed`: the fields the form changed, against the version it was opened at. */
  | { readonly outcome: 'saved'; readonly profile: Profile; readonly changed: readonly ProfileField[] }
  | { readonly outcome: 'invalid'; readonly errors: FieldErrors; readonly form: ProfileForm }
  /** Someone saved since the form was opened: nothing is overwritten. */
  | { readonly outcome: 'conflict'; readonly profile: Profile; readonly changedSince: readonly ProfileField[] }
  /** Not an Owner: nothing changed, and the attempt is in the audit log. */
  | { readonly outcome: 'refused'; readonly key: 'access.ownersOnly' | 'access.notMember' };

export async function saveProfile(
  tenant: TenantWriter,
  person: Actor,
  raw: Readonly<Record<string, unknown>>,
  formVersion: number,
  now: Date,
  today = personToday(now),
): Promise<SaveProfileResult> {
  const member = (await tenant.organization()) ? await findMember(tenant, person) : undefined;
  if (!member || !can(member.role, 'profile.edit')) {
    if (member) await tenant.appendAudit(auditEvent('profile.saveRefused', person, 'profile', now, { after: { role: member.role } }));
    return { outcome: 'refused', key: member ? 'access.ownersOnly' : 'access.notMember' };
  }
  await requireChecklistDone(tenant);
  const profile = await tenant.profile();
  // Locked fields are not in the form; a payload that does carry them must repeat the stored value.
  const locked = Object.fromEntries(PROFILE_FIELDS.filter((f) => isLocked(profile, f)).map((f) => [f, profile.values![f]]));
  const form: ProfileForm = { profile, ownerEmails: await ownerEmailsOf(tenant) };
  const schema = profileSchema(form.ownerEmails, today, { ownerEmailsLocked: isLocked(profile, 'ownerEmails') });
  const parsed = schema.safeParse({ ...locked, ...raw });
  if (formVersion !== profile.version) {
    const changedSince = PROFILE_FIELDS.filter((f) => (profile.fieldVersions[f] ?? 0) > formVersion);
    // The same form sent again (a double click, Teams retrying a slow turn) finds its values saved: nothing to refuse.
    if (parsed.success && isDeepStrictEqual(parsed.data, profile.values)) return { outcome: 'saved', profile, changed: changedSince };
    return { outcome: 'conflict', profile, changedSince };
  }
  if (!parsed.success) return { outcome: 'invalid', errors: fieldErrors(parsed.error), form };
  const values: ProfileValues = parsed.data;

  const errors: FieldErrors = {};
  for (const field of PROFILE_FIELDS) {
    if (isLocked(profile, field) && !isDeepStrictEqual(values[field], profile.values?.[field])) errors[field] = 'profile.error.locked';
  }
  if (profile.values?.firstOfferPublishedOn && !values.firstOfferPublishedOn) errors.firstOfferPublishedOn = 'profile.error.firstOfferSet';
  const holder = await tenant.publisherIdHolder(values.publisherId);
  if (holder && holder !== tenant.tenantId) errors.publisherId = 'profile.error.publisherIdTaken';
  if (Object.keys(errors).length) return { outcome: 'invalid', errors, form };

  const previous = profile.values ?? EMPTY_VALUES;
  const changed = PROFILE_FIELDS.filter((f) => !isDeepStrictEqual(values[f], previous[f]));
  if (!changed.length) return { outcome: 'saved', profile, changed };
  const version = profile.version + 1;
  const saved: Profile = {
    version,
    values,
    fieldVersions: { ...profile.fieldVersions, ...Object.fromEntries(changed.map((f) => [f, version])) },
    updatedBy: person,
    updatedAt: now.toISOString(),
  };
  await tenant.putProfile(saved);
  const pick = (v: ProfileValues | null) => (v ? Object.fromEntries(changed.map((f) => [f, v[f]])) : undefined);
  await tenant.appendAudit(auditEvent('profile.saved', person, 'profile', now, { before: pick(profile.values), after: pick(values) }));
  return { outcome: 'saved', profile: saved, changed };
}

export interface HistoryPage {
  readonly events: readonly AuditEvent[];
  readonly page: number;
  readonly pages: number;
}

const HISTORY_PAGE_SIZE = 10;

/** The latest audit events, newest first, a page at a time; every member may read them. */
export async function history(tenant: TenantReader, person: Actor, page: number): Promise<HistoryPage> {
  await requirePermission(tenant, person, 'view');
  const { total } = await tenant.auditEvents({ offset: 0, limit: 0 });
  const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const { events } = await tenant.auditEvents({ offset: (current - 1) * HISTORY_PAGE_SIZE, limit: HISTORY_PAGE_SIZE });
  return { events, page: current, pages };
}

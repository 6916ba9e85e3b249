import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { MessageKey } from '../i18n/index.js';
import type { TenantReader, TenantWriter } from '../store/store.js';
import { auditEvent } from './audit.js';
import { DomainError } from './errors.js';
import type { Actor } from './model.js';
import { requirePermission } from './organization.js';
import { BRANDED, EMAIL, fieldErrors, isRealDay, msg, personToday, type FieldErrors } from './validation.js';

// The five steps to become a registered cloud publisher (PRODUCT.md section 1), their inputs and rules.
// Validation messages are catalog keys, so the bot can show them in the person's language at the field.

export const STEP_IDS = ['mpn', 'account', 'registration', 'portal', 'devCenter'] as const;
export type StepId = (typeof STEP_IDS)[number];

export const OFFER_TYPES = [
  'azureApplications',
  'consultingServices',
  'containers',
  'dynamicsBusinessCentral',
  'dynamicsCustomerEngagement',
  'dynamicsOperations',
  'iotEdgeModules',
  'powerBiApp',
  'saasApplications',
  'virtualMachines',
] as const;
export const AUDIENCES = ['itPros', 'businessUsers', 'both'] as const;
export const ACCOUNT_TYPES = ['company', 'individual'] as const;

export interface StepDefinition {
  readonly id: StepId;
  readonly number: number;
  readonly link: string;
  /** Expected duration, as shown on the card. */
  readonly duration: { readonly min: number; readonly max: number; readonly unit: 'minutes' | 'days' };
  /** Required only for organizations that sell through Azure (transact offers); recommended otherwise. */
  readonly requiredToTransact: boolean;
}

export const STEPS: readonly StepDefinition[] = [
  { id: 'mpn', number: 1, link: 'https://partner.microsoft.com/membership', duration: { min: 15, max: 15, unit: 'minutes' }, requiredToTransact: false },
  { id: 'account', number: 2, link: 'https://signup.live.com', duration: { min: 15, max: 15, unit: 'minutes' }, requiredToTransact: true },
  { id: 'registration', number: 3, link: 'https://azuremarketplace.microsoft.com/sell', duration: { min: 15, max: 15, unit: 'minutes' }, requiredToTransact: false },
  { id: 'portal', number: 4, link: 'https://cloudpartner.azure.com', duration: { min: 1, max: 3, unit: 'days' }, requiredToTransact: false },
  { id: 'devCenter', number: 5, link: 'https://partner.microsoft.com/dashboard/registration', duration: { min: 5, max: 10, unit: 'days' }, requiredToTransact: true },
];

const stepDefinition = (id: StepId): StepDefinition => STEPS.find((s) => s.id === id)!;

export type StepValues = Readonly<Record<string, string>>;

export interface StepRecord {
  readonly done: boolean;
  readonly values: StepValues;
  /** Who last completed, changed or reopened the step, and when. */
  readonly by: Actor;
  readonly at: string;
}

export interface Checklist {
  /** Will the organization sell through Azure? Undecided counts as yes, so nothing required is skipped. */
  readonly transact: boolean | null;
  readonly steps: Partial<Readonly<Record<StepId, StepRecord>>>;
}

export const emptyChecklist: Checklist = { transact: null, steps: {} };

export const isRequired = (checklist: Checklist, step: StepDefinition): boolean =>
  !step.requiredToTransact || checklist.transact !== false;

export const isDone = (checklist: Checklist, id: StepId): boolean => checklist.steps[id]?.done === true;

export const doneCount = (checklist: Checklist): number => STEPS.filter((s) => isDone(checklist, s.id)).length;

/** The gate for editing the profile and inviting members: required steps not done yet, in order. */
export const remainingRequiredSteps = (checklist: Checklist): StepDefinition[] =>
  STEPS.filter((s) => isRequired(checklist, s) && !isDone(checklist, s.id));

/** The first step not done, required or recommended. */
export const nextStep = (checklist: Checklist): StepDefinition | undefined => STEPS.find((s) => !isDone(checklist, s.id));

/** Step 4's hint: the welcome email normally arrives within 3 days of submitting the registration form. */
export function welcomeEmailOverdue(checklist: Checklist, now: Date): boolean {
  const submitted = checklist.steps.registration;
  if (!submitted?.done || isDone(checklist, 'portal')) return false;
  const submittedOn = Date.parse(`${submitted.values['submittedOn']}T00:00:00Z`);
  return now.getTime() - submittedOn > 3 * 24 * 60 * 60 * 1000;
}

// Personal Microsoft account domains: outlook.com, hotmail.com, live.com (and their country variants), msn.com.
const PERSONAL_DOMAIN = /^((outlook|hotmail|live)\.[a-z]{2,3}(\.[a-z]{2})?|msn\.com)$/;

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();
const localPartOf = (email: string) => email.slice(0, email.lastIndexOf('@'));

const text = (key: MessageKey) => z.string(msg(key)).trim();

const email = text('prereq.error.email').max(254, msg('prereq.error.email')).regex(EMAIL, msg('prereq.error.email'));

const isoDay = text('prereq.error.date')
  .regex(/^\d{4}-\d{2}-\d{2}$/, msg('prereq.error.date'))
  .refine(isRealDay, msg('prereq.error.date'));

const lowercased = (e: string) => e.toLowerCase();

/** Written without flags, so the form's client-side hint reuses it as it is. */
export const MPN_ID = '\\d{6,10}';

/** Each step's inputs with the rules that need nothing else; made once, as building a zod schema costs far more than using one. */
const stepSchemas: Readonly<Record<StepId, z.ZodType<StepValues>>> = {
  mpn: z.object({ mpnId: text('prereq.error.mpnId').regex(new RegExp(`^${MPN_ID}$`), msg('prereq.error.mpnId')) }),
  account: z.object({
    accountEmail: email
      .refine((e) => !/(^|\.)microsoft\.com$/.test(domainOf(e)), msg('prereq.error.microsoftDomain'))
      .refine((e) => !BRANDED.test(localPartOf(e)), msg('prereq.error.branded'))
      .transform(lowercased),
  }),
  registration: z.object({
    submittedOn: isoDay,
    offerType: z.enum(OFFER_TYPES, msg('prereq.error.offerType')),
    audience: z.enum(AUDIENCES, msg('prereq.error.audience')),
  }),
  portal: z.object({ signedInOn: isoDay }),
  devCenter: z.object({
    devCenterEmail: email.transform(lowercased),
    accountType: z.enum(ACCOUNT_TYPES, msg('prereq.error.accountType')).refine((t) => t === 'company', msg('prereq.error.individual')),
  }),
};

/** `today` is the person's date (see personToday). */
type ContextRule = (value: string, checklist: Checklist, today: string) => MessageKey | undefined;

const notInFuture: ContextRule = (day, _checklist, today) => (day > today ? 'prereq.error.future' : undefined);

/** Rules that need the day or the other steps, each on a field (trimmed) that passed its own rules. */
const contextRules: Partial<Record<StepId, Readonly<Record<string, ContextRule>>>> = {
  registration: { submittedOn: notInFuture },
  portal: { signedInOn: notInFuture },
  devCenter: {
    devCenterEmail: (devCenterEmail, checklist) => {
      const account = checklist.steps.account;
      if (!account?.done) return 'prereq.error.accountFirst';
      return devCenterEmail.toLowerCase() === account.values['accountEmail'] ? undefined : 'prereq.error.sameAccount';
    },
  },
};

/** Advice that does not block saving: a work-domain Microsoft account usually cannot sign in to the portal. */
export function stepWarnings(id: StepId, values: StepValues): Partial<Record<string, MessageKey>> {
  const account = values['accountEmail'];
  if (id === 'account' && account && EMAIL.test(account) && !PERSONAL_DOMAIN.test(domainOf(account))) {
    return { accountEmail: 'prereq.warning.workAccount' };
  }
  return {};
}

export type StepCheck =
  | { readonly ok: true; readonly values: StepValues }
  | { readonly ok: false; readonly errors: FieldErrors };

export function checkStep(id: StepId, raw: Readonly<Record<string, unknown>>, checklist: Checklist, today: string): StepCheck {
  const parsed = stepSchemas[id].safeParse(raw);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  for (const [field, rule] of Object.entries(contextRules[id] ?? {})) {
    const problem = errors[field] ? undefined : rule(String(raw[field]).trim(), checklist, today);
    if (problem) errors[field] = problem;
  }
  return parsed.success && !Object.keys(errors).length ? { ok: true, values: parsed.data } : { ok: false, errors };
}

/** Refuses an action that needs every required step done, naming the steps that remain. */
/**
 * What waits for the required prerequisites: a change (inviting, editing the profile), which the person
 * can go and unblock, or an approval, which stays pending on its card meanwhile.
 */
export type GatedWork = 'change' | 'approval';

export class GateError extends DomainError {
  constructor(
    readonly remaining: readonly StepDefinition[],
    readonly work: GatedWork = 'change',
  ) {
    super(work === 'approval' ? 'gate.approval' : 'gate.body', { steps: remaining.map((s) => s.number).join(', ') }, 409);
    this.name = 'GateError';
  }
}

export async function requireChecklistDone(tenant: TenantReader, work: GatedWork = 'change'): Promise<void> {
  const remaining = remainingRequiredSteps(await tenant.checklist());
  if (remaining.length) throw new GateError(remaining, work);
}

// Changes, each checked against the person's access and recorded in the audit log.

export type SaveStepResult =
  | { readonly saved: true; readonly checklist: Checklist }
  | { readonly saved: false; readonly checklist: Checklist; readonly errors: FieldErrors };

export async function saveStep(
  tenant: TenantWriter,
  person: Actor,
  id: StepId,
  raw: Readonly<Record<string, unknown>>,
  now: Date,
  today = personToday(now),
): Promise<SaveStepResult> {
  await requirePermission(tenant, person, 'checklist.update');
  const checklist = await tenant.checklist();
  const check = checkStep(id, raw, checklist, today);
  if (!check.ok) return { saved: false, checklist, errors: check.errors };

  const before = checklist.steps[id];
  // Saved again as it is (a double click, Teams retrying a slow turn): nothing changed, so nothing to record.
  if (before?.done && isDeepStrictEqual(before.values, check.values)) return { saved: true, checklist };
  const stamp = { by: person, at: now.toISOString() };
  let steps = { ...checklist.steps, [id]: { done: true, values: check.values, ...stamp } };
  await tenant.appendAudit(
    auditEvent(before?.done ? 'prereq.changed' : 'prereq.completed', person, `step ${stepDefinition(id).number}`, now, {
      before: before?.values,
      after: check.values,
    }),
  );
  // Developer Center must use step 2's account: a new account reopens a step 5 done with the old one.
  const devCenter = steps.devCenter;
  if (id === 'account' && devCenter?.done && devCenter.values['devCenterEmail'] !== check.values['accountEmail']) {
    steps = { ...steps, devCenter: { ...devCenter, done: false, ...stamp } };
    await tenant.appendAudit(auditEvent('prereq.reopened', person, 'step 5', now, { after: { reason: 'account changed' } }));
  }
  const next = { ...checklist, steps };
  await tenant.putChecklist(next);
  return { saved: true, checklist: next };
}

/** Marks a done step as to do again, keeping its values for the form; reopening an open step changes nothing. */
export async function reopenStep(tenant: TenantWriter, person: Actor, id: StepId, now: Date): Promise<Checklist> {
  await requirePermission(tenant, person, 'checklist.update');
  const checklist = await tenant.checklist();
  const step = checklist.steps[id];
  if (!step?.done) return checklist;
  const next = { ...checklist, steps: { ...checklist.steps, [id]: { ...step, done: false, by: person, at: now.toISOString() } } };
  await tenant.putChecklist(next);
  await tenant.appendAudit(auditEvent('prereq.reopened', person, `step ${stepDefinition(id).number}`, now));
  return next;
}

export async function answerTransact(tenant: TenantWriter, person: Actor, transact: boolean, now: Date): Promise<Checklist> {
  await requirePermission(tenant, person, 'checklist.update');
  const checklist = await tenant.checklist();
  if (checklist.transact === transact) return checklist;
  const next = { ...checklist, transact };
  await tenant.putChecklist(next);
  await tenant.appendAudit(
    auditEvent('prereq.transact', person, 'sell through Azure', now, { before: checklist.transact, after: transact }),
  );
  return next;
}

export async function viewChecklist(tenant: TenantReader, person: Actor): Promise<Checklist> {
  await requirePermission(tenant, person, 'view');
  return tenant.checklist();
}

import {
  ACCOUNT_TYPES,
  AUDIENCES,
  doneCount,
  isDone,
  isRequired,
  MPN_ID,
  nextStep,
  OFFER_TYPES,
  STEPS,
  stepWarnings,
  welcomeEmailOverdue,
  type Checklist,
  type StepDefinition,
  type StepId,
} from '../../domain/checklist.js';
import { EMAIL_PATTERN } from '../../domain/validation.js';
import type { MessageKey } from '../../i18n/index.js';
import { formatDate } from '../format.js';
import { renderCardOfParts, renderPart, type AdaptiveCard } from '../render.js';
import type { Turn } from '../turn.js';
import { caseless, NAME_NOT_BRANDED, trimmedHint } from './form.js';

interface FieldSpec {
  readonly id: string;
  readonly kind: 'text' | 'date' | 'choice';
  /** Client-side hint only; the server checks the same rule with zod. */
  readonly regex?: string;
  readonly choices?: readonly string[];
  readonly choicePrefix?: string;
}

/** Step 2's account: an address outside microsoft.com, without "Microsoft" or "Azure" in its name. */
const ACCOUNT_HINT = trimmedHint(`${NAME_NOT_BRANDED}(?![^@]*@(?:[^@]*\\.)?${caseless('microsoft.com')}\\s*$)${EMAIL_PATTERN}`);

const FIELDS: Readonly<Record<StepId, readonly FieldSpec[]>> = {
  mpn: [{ id: 'mpnId', kind: 'text', regex: trimmedHint(MPN_ID) }],
  account: [{ id: 'accountEmail', kind: 'text', regex: ACCOUNT_HINT }],
  registration: [
    { id: 'submittedOn', kind: 'date' },
    { id: 'offerType', kind: 'choice', choices: OFFER_TYPES, choicePrefix: 'prereq.offerType.' },
    { id: 'audience', kind: 'choice', choices: AUDIENCES, choicePrefix: 'prereq.audience.' },
  ],
  portal: [{ id: 'signedInOn', kind: 'date' }],
  devCenter: [
    { id: 'devCenterEmail', kind: 'text' },
    { id: 'accountType', kind: 'choice', choices: ACCOUNT_TYPES, choicePrefix: 'prereq.accountType.' },
  ],
};

/** Client-side messages: the first server rule each field has, so both sides say the same thing. */
const FIELD_HINT: Readonly<Record<string, MessageKey>> = {
  mpnId: 'prereq.error.mpnId',
  accountEmail: 'prereq.hint.accountEmail',
  submittedOn: 'prereq.hint.date',
  offerType: 'prereq.error.offerType',
  audience: 'prereq.error.audience',
  signedInOn: 'prereq.hint.date',
  accountType: 'prereq.error.accountType',
};

export interface ChecklistForm {
  readonly step: StepId;
  /** What the person typed, kept when the save was refused. */
  readonly typed?: Readonly<Record<string, unknown>>;
  readonly errors?: Partial<Record<string, MessageKey>>;
}

/**
 * Closed checklist cards by the checklist they show: a store hands out the same checklist object until a
 * write replaces it, and every member's `prereqs` shows it. Besides it, only the language and the late
 * welcome email hint change the card.
 */
const closedCards = new WeakMap<Checklist, Map<string, AdaptiveCard>>();

/** The organization's checklist; with a form, that step's inputs are open inline. */
export function checklistCard(turn: Turn, checklist: Checklist, form?: ChecklistForm): AdaptiveCard {
  if (form) return bindChecklist(turn, checklist, form);
  const key = `${turn.locale} ${welcomeEmailOverdue(checklist, turn.now())}`;
  let cards = closedCards.get(checklist);
  if (!cards) closedCards.set(checklist, (cards = new Map()));
  let card = cards.get(key);
  if (!card) cards.set(key, (card = bindChecklist(turn, checklist)));
  return card;
}

function bindChecklist(turn: Turn, checklist: Checklist, form?: ChecklistForm): AdaptiveCard {
  const { t } = turn;
  const next = nextStep(checklist);
  const done = doneCount(checklist);
  const labels = stepLabels(t);
  return renderCardOfParts('checklist', {
    title: t('prereq.title'),
    progress: t('prereq.progress', { done, total: STEPS.length }),
    next: next ? t('prereq.next', { number: next.number, title: t(stepKey(next.id, 'title')) }) : t('prereq.allDone'),
    transact: {
      text:
        checklist.transact === null
          ? t('prereq.transact.question')
          : t(checklist.transact ? 'prereq.transact.answeredYes' : 'prereq.transact.answeredNo'),
      undecided: checklist.transact === null,
      yes: t('prereq.transact.yes'),
      no: t('prereq.transact.no'),
      change: t('prereq.transact.change'),
      flipped: checklist.transact ? 'no' : 'yes',
    },
    steps: STEPS.map((step) => {
      const isNext = next?.id === step.id;
      if (form?.step === step.id) {
        const open = { ...stepView(turn, checklist, step, isNext, form), labels };
        return renderPart('checklist-step', JSON.stringify(open), () => open);
      }
      // A closed step shows its record and these facts of the whole checklist: a save binds only the step it changed.
      const shows = [step.id, turn.locale, isNext, isRequired(checklist, step), step.id === 'portal' && welcomeEmailOverdue(checklist, turn.now())];
      return renderPart('checklist-step', `${shows.join(' ')} ${JSON.stringify(checklist.steps[step.id] ?? null)}`, () => ({
        ...stepView(turn, checklist, step, isNext, undefined),
        labels,
      }));
    }),
  });
}

const stepLabels = (t: Turn['t']) => ({
  complete: t('prereq.action.complete'),
  change: t('prereq.action.change'),
  reopen: t('prereq.action.reopen'),
  save: t('prereq.action.save'),
  cancel: t('prereq.action.cancel'),
  link: t('prereq.action.link'),
});

function stepView(turn: Turn, checklist: Checklist, step: StepDefinition, isNext: boolean, form: ChecklistForm | undefined) {
  const { t } = turn;
  const record = checklist.steps[step.id];
  const done = isDone(checklist, step.id);
  const warnings = record ? stepWarnings(step.id, record.values) : {};
  const { min, max, unit } = step.duration;
  return {
    id: step.id,
    title: t('prereq.stepTitle', { number: step.number, title: t(stepKey(step.id, 'title')) }),
    todo: t(stepKey(step.id, 'todo')),
    requirement: t(isRequired(checklist, step) ? 'prereq.required' : 'prereq.recommended'),
    duration: t(unit === 'days' ? 'prereq.duration.days' : 'prereq.duration.minutes', { min, max }),
    status: t(done ? 'prereq.status.done' : 'prereq.status.open'),
    done,
    isNext,
    link: step.link,
    by: record
      ? t(done ? 'prereq.doneBy' : 'prereq.reopenedBy', { name: record.by.name, date: formatDate(turn, record.at) })
      : '',
    summary: done
      ? FIELDS[step.id].map((f) => ({ label: t(fieldLabel(f.id)), value: displayValue(turn, f, record!.values[f.id] ?? '') }))
      : [],
    warning: done ? Object.values(warnings).map((k) => t(k!)).join(' ') : '',
    hint: step.id === 'portal' && welcomeEmailOverdue(checklist, turn.now()) ? t('prereq.portal.overdue') : '',
    open: form !== undefined,
    formError: form?.errors && Object.keys(form.errors).length ? t('prereq.formError') : '',
    fields: form ? FIELDS[step.id].map((f) => fieldView(turn, checklist, step.id, f, form)) : [],
  };
}

function fieldView(turn: Turn, checklist: Checklist, stepId: StepId, field: FieldSpec, form: ChecklistForm) {
  const { t } = turn;
  const typed = form.typed?.[field.id];
  const value =
    typeof typed === 'string'
      ? typed
      : (checklist.steps[stepId]?.values[field.id] ?? defaultValue(checklist, field.id));
  const error = form.errors?.[field.id];
  const warning = stepWarnings(stepId, { [field.id]: value })[field.id];
  const hint = field.id === 'devCenterEmail' ? sameAccountHint(checklist) : { regex: field.regex ?? '', message: FIELD_HINT[field.id] ?? 'prereq.formError' };
  return {
    id: field.id,
    kind: field.kind,
    label: t(fieldLabel(field.id)),
    value,
    regex: hint.regex,
    errorMessage: t(hint.message),
    // The days asked for have happened: the date picker offers none after the person's today.
    max: field.kind === 'date' ? turn.today() : null,
    choices: (field.choices ?? []).map((c) => ({ title: t(`${field.choicePrefix}${c}` as MessageKey), value: c })),
    error: error ? t(error) : '',
    warning: warning && !error ? t(warning) : '',
  };
}

/** Step 5 must repeat step 2's account: its hint takes that address only, and none before step 2 is done. */
function sameAccountHint(checklist: Checklist): { regex: string; message: MessageKey } {
  const account = checklist.steps.account;
  return account?.done
    ? { regex: trimmedHint(caseless(account.values['accountEmail'] ?? '')), message: 'prereq.error.sameAccount' }
    : { regex: '^[^\\s\\S]$', message: 'prereq.error.accountFirst' };
}

/** Step 5 must repeat step 2's account, so the form starts with it. */
function defaultValue(checklist: Checklist, fieldId: string): string {
  return fieldId === 'devCenterEmail' ? (checklist.steps.account?.values['accountEmail'] ?? '') : '';
}

function displayValue(turn: Turn, field: FieldSpec, value: string): string {
  return field.kind === 'choice' ? turn.t(`${field.choicePrefix}${value}` as MessageKey) : value;
}

const stepKey = (id: StepId, part: 'title' | 'todo') => `prereq.step.${id}.${part}` as MessageKey;
const fieldLabel = (id: string) => `prereq.field.${id}` as MessageKey;

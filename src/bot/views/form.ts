import { BRANDED, type FieldErrors } from '../../domain/validation.js';
import type { MessageKey } from '../../i18n/index.js';
import { renderCard, type AdaptiveCard } from '../render.js';
import type { Turn } from '../turn.js';

/** One address in a client-side hint: loose on purpose, the server applies the real rule. */
const ADDRESS = '[^\\s@,;]+@[^\\s@,;]+\\.[^\\s@,;]+';

/** The client-side hint for an email field. */
export const EMAIL_HINT = `^${ADDRESS}$`;

/** Addresses separated by commas, semicolons or spaces, as the server splits them. */
export const EMAIL_LIST_HINT = `^[\\s,;]*${ADDRESS}(?:[\\s,;]+${ADDRESS})*[\\s,;]*$`;

/** Adaptive Cards' regex takes no flags, so each letter lists both cases: "azure" becomes [Aa][Zz][Uu][Rr][Ee]. */
export const caseless = (word: string) => [...word].map((c) => `[${c.toUpperCase()}${c.toLowerCase()}]`).join('');

/** Put first in a hint, refuses text with a name the server's BRANDED rule refuses. */
export const NOT_BRANDED = `(?![\\s\\S]*(?:${BRANDED.source.split('|').map(caseless).join('|')}))`;

/** One input of a form card. Client-side hints (required, regex) only help: the server checks again. */
export interface FormField {
  readonly id: string;
  readonly kind: 'text' | 'date' | 'choice' | 'readonly';
  readonly label: MessageKey;
  readonly errorMessage?: MessageKey;
  readonly required?: boolean;
  readonly regex?: string;
  readonly maxLength?: number;
  readonly multiline?: boolean;
  readonly placeholder?: string;
  readonly choices?: readonly { readonly value: string; readonly title: MessageKey }[];
  /** Folded away until a toggle button shows it. */
  readonly hidden?: boolean;
}

export type FormButton =
  | {
      readonly kind: 'execute';
      readonly title: string;
      readonly verb: string;
      readonly data?: object;
      readonly style?: 'positive' | 'destructive' | 'default';
      /** "none" for buttons that must not submit (or validate) the inputs. */
      readonly inputs?: 'auto' | 'none';
    }
  | { readonly kind: 'toggle'; readonly title: string; readonly fields: readonly string[] };

export interface FormSpec {
  readonly title: string;
  readonly intro?: string;
  readonly fields: readonly FormField[];
  readonly values: Readonly<Record<string, string>>;
  readonly errors?: FieldErrors;
  /** Shown above the fields when the form comes back refused. */
  readonly errorSummary: MessageKey;
  readonly buttons: readonly FormButton[];
}

/** A form in one card: after a refused submission, with what was typed and a message at each bad field. */
export function formCard(turn: Turn, spec: FormSpec): AdaptiveCard {
  const { t } = turn;
  const errors = spec.errors ?? {};
  return renderCard('form', {
    title: spec.title,
    intro: spec.intro ?? '',
    formError: Object.keys(errors).length ? t(spec.errorSummary) : '',
    fields: spec.fields.map((f) => ({
      id: f.id,
      kind: f.kind,
      visible: !f.hidden,
      label: t(f.label),
      value: spec.values[f.id] ?? '',
      placeholder: f.placeholder ?? '',
      required: f.required ?? false,
      regex: f.regex ?? '',
      maxLength: f.maxLength ?? 254,
      multiline: f.multiline ?? false,
      errorMessage: f.errorMessage ? t(f.errorMessage) : '',
      choices: (f.choices ?? []).map((c) => ({ value: c.value, title: t(c.title) })),
      error: errors[f.id] ? t(errors[f.id]!) : '',
    })),
    buttons: spec.buttons.map((b) =>
      b.kind === 'execute'
        ? { kind: b.kind, title: b.title, verb: b.verb, data: b.data ?? {}, style: b.style ?? 'default', inputs: b.inputs ?? 'auto' }
        : { kind: b.kind, title: b.title, targets: b.fields.map((id) => `field-${id}`) },
    ),
  });
}

/** The typed strings of a submission, for putting back into a refused form. */
export const typedStrings = (raw: Readonly<Record<string, unknown>>): Record<string, string> =>
  Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));

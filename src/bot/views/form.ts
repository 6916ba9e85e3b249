import { BRANDED, EMAIL_PATTERN, type FieldErrors } from '../../domain/validation.js';
import type { MessageKey } from '../../i18n/index.js';
import { renderCard, type AdaptiveCard } from '../render.js';
import type { Turn } from '../turn.js';

/**
 * A client-side hint for a rule the server applies to the trimmed text: the same pattern, with the spaces
 * around it allowed, so the client refuses nothing the server saves. Anchored, since a renderer's regex
 * test also passes on a match inside the value.
 */
export const trimmedHint = (pattern: string) => `^\\s*(?:${pattern})\\s*$`;

/** The client-side hint for an email field: the server's rule. */
export const EMAIL_HINT = trimmedHint(EMAIL_PATTERN);

/**
 * A text as a pattern for Adaptive Cards' regex, which takes no flags: each letter lists both cases ("azure"
 * becomes [Aa][Zz][Uu][Rr][Ee]) and any other character stands for itself.
 */
export const caseless = (text: string) =>
  [...text]
    .map((c) => {
      const [upper, lower] = [c.toUpperCase(), c.toLowerCase()];
      return upper !== lower && upper.length === 1 && lower.length === 1 ? `[${upper}${lower}]` : c.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    })
    .join('');

/** One or more of these addresses, in any case, separated by commas, semicolons or spaces as the server splits them. */
export function emailListHint(addresses: readonly string[]): string {
  const address = `(?:${addresses.map(caseless).join('|')})`;
  return `^[\\s,;]*${address}(?:[\\s,;]+${address})*[\\s,;]*$`;
}

const BRAND = BRANDED.source.split('|').map(caseless).join('|');

/** Put first in a hint, refuses text with a name the server's BRANDED rule refuses. */
export const NOT_BRANDED = `(?![\\s\\S]*(?:${BRAND}))`;

/** Put first in an email hint, refuses an address with such a name before its @. */
export const NAME_NOT_BRANDED = `(?![^@]*(?:${BRAND}))`;

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
  /** The latest day a date input takes, YYYY-MM-DD. */
  readonly max?: string;
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
      // null leaves the property out of the card.
      max: f.max ?? null,
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

import { en, type Catalog, type MessageKey } from './en.js';
import { sv } from './sv.js';

export type { MessageKey } from './en.js';
export type Locale = 'en' | 'sv';
export type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

const catalogs: Readonly<Record<Locale, Catalog>> = { en, sv };

/** Teams sends BCP 47 tags such as "sv-SE"; anything we have no catalog for falls back to English. */
export function pickLocale(tag: string | undefined): Locale {
  const language = tag?.toLowerCase().split(/[-_]/)[0];
  return language === 'sv' ? 'sv' : 'en';
}

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, params = {}) => {
    const text = catalog[key];
    // Most messages have no placeholder, and a card asks for dozens of messages.
    return text.includes('{') ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
  };
}

export const catalogKeys = (locale: Locale): string[] => Object.keys(catalogs[locale]).sort();

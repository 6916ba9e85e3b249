import type { Role } from '../domain/model.js';

/**
 * Turns what Teams delivers into the words the person typed: mention tags and other markup removed,
 * spaces collapsed, closing punctuation dropped ("who am I?" reads as "who am I").
 */
export function normalizeText(text: string): string {
  return text
    .replace(/<at>.*?<\/at>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s?!.]+$/, '');
}

const ROLE_WORDS: Readonly<Record<string, Role>> = {
  owner: 'owner',
  contributor: 'contributor',
  ägare: 'owner',
  deltagare: 'contributor',
};

/** A role as people type it, in English or Swedish ("Owner", "ägare"). */
export const roleFromWord = (word: string): Role | undefined => ROLE_WORDS[word.toLowerCase()];

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

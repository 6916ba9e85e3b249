import { z } from 'zod';

/** The page of a list a card asks for; the view keeps it within the pages there are. */
export const pageData = z.coerce.number().int().min(1).max(100_000).default(1);

/** What a list was narrowed to when the card was drawn. */
export const filterData = z.string().max(100).default('');

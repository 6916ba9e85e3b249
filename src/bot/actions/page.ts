import { z } from 'zod';

/** The page of a list a card asks for; the view keeps it within the pages there are. */
export const pageData = z.coerce.number().int().min(1).max(100_000).default(1);

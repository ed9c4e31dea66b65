import { z } from 'zod';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** `{ cursor?, limit? }`; the whole object may be left out. */
export const pageFields = {
  cursor: z.string().min(1).max(512, 'Invalid cursor').optional(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
};
export const pageInput = z.object(pageFields).prefault({});

export function pageDto<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

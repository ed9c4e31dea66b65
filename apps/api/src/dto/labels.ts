/** DTOs of the `labels` router: address labels (SPEC §5) an admin maintains, scoring reads. */
import { z } from 'zod';
import { ADDRESS_LABEL_KINDS, type AddressLabelRecord } from '@klerno/db';
import { idSchema } from './ids.js';
import { pageDto, pageFields } from './pagination.js';
import { chainSchema } from './transactions.js';

export const labelKindSchema = z.enum(
  ADDRESS_LABEL_KINDS,
  `label must be one of ${ADDRESS_LABEL_KINDS.join(', ')}`,
);

export const listLabelsInput = z
  .object({
    ...pageFields,
    chain: chainSchema.optional(),
    address: z.string().trim().min(1).max(128, 'address must be at most 128 characters').optional(),
    label: labelKindSchema.optional(),
  })
  .prefault({});

export const labelDto = z.object({
  id: z.string(),
  chain: z.string(),
  address: z.string(),
  label: labelKindSchema,
  source: z.string(),
  createdAt: z.string(),
});
export type LabelDto = z.infer<typeof labelDto>;
export const labelPageDto = pageDto(labelDto);

/** The file's text, with the header `address,chain,label,source` (any column order). */
export const importLabelsInput = z.object({ csv: z.string() });
export const importLabelsResultDto = z.object({
  /** Labels new to the organization. */
  created: z.number().int().nonnegative(),
  /** Labels already held (same chain, address and label) whose source was replaced. */
  updated: z.number().int().nonnegative(),
});

export const removeLabelInput = z.object({ id: idSchema });
export const removeLabelResultDto = z.object({ id: z.string() });

export function toLabelDto(record: AddressLabelRecord): LabelDto {
  return {
    id: record.id,
    chain: record.chain,
    address: record.address,
    label: record.label,
    source: record.source,
    createdAt: record.createdAt,
  };
}

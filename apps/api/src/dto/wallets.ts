import { z } from 'zod';
import type { Wallet } from '@klerno/db';
import { checkXrplAddress, describeXrplAddressProblem } from '../xrpl/address.js';
import { displayNameSchema, idSchema } from './ids.js';

export const MAX_WALLET_LABEL_LENGTH = 200;

/** A chain identifier such as "xrpl": lower-case letters, digits, '-' and '_'. */
const walletChainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z][a-z0-9_-]{0,31}$/,
    'chain must be 1 to 32 lower-case letters, digits, "-" or "_", starting with a letter',
  );

/** Printable ASCII without spaces; XRPL addresses are checked further (checksum, no X-address). */
const walletAddressSchema = z
  .string()
  .trim()
  .regex(/^[\x21-\x7e]{1,128}$/, 'address must be 1 to 128 printable characters without spaces');

export const addWalletInput = z
  .object({
    chain: walletChainSchema.default('xrpl'),
    address: walletAddressSchema,
    label: displayNameSchema('label', MAX_WALLET_LABEL_LENGTH).optional(),
  })
  .superRefine(({ chain, address }, ctx) => {
    if (chain !== 'xrpl') return;
    const check = checkXrplAddress(address);
    if (!check.ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['address'],
        message: `address must be ${describeXrplAddressProblem(check.problem)}`,
      });
    }
  });

export const removeWalletInput = z.object({ id: idSchema });

export const walletDto = z.object({
  id: z.string(),
  chain: z.string(),
  address: z.string(),
  label: z.string().nullable(),
  createdAt: z.string(),
});
export type WalletDto = z.infer<typeof walletDto>;

export const walletListDto = z.object({ items: z.array(walletDto) });

export function toWalletDto(wallet: Wallet): WalletDto {
  return {
    id: wallet.id,
    chain: wallet.chain,
    address: wallet.address,
    label: wallet.label,
    createdAt: wallet.createdAt,
  };
}

import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  addWalletInput,
  removeWalletInput,
  toWalletDto,
  walletDto,
  walletListDto,
} from '../dto/wallets.js';
import { addWallet, listWallets, removeWallet } from '../services/wallets.js';
import { authedProcedure, viewerProcedure } from '../trpc.js';

/**
 * The caller's own watched addresses (SPEC §4: signed in). They are the user's, not the
 * organization's, so no role beyond signing in is needed; an API key acts for its creator.
 */
export const walletsRouter = {
  list: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(z.void())
    .output(walletListDto)
    .query(async ({ ctx }) => ({ items: (await listWallets(ctx)).map(toWalletDto) })),

  add: authedProcedure
    .meta({ rateLimit: 'write' })
    .input(addWalletInput)
    .output(walletDto)
    .mutation(async ({ ctx, input }) => toWalletDto(await addWallet(ctx, input))),

  remove: authedProcedure
    .meta({ rateLimit: 'write' })
    .input(removeWalletInput)
    .output(walletDto)
    .mutation(async ({ ctx, input }) => toWalletDto(await removeWallet(ctx, input.id))),
} satisfies TRPCRouterRecord;

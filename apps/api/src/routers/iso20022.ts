import type { TRPCRouterRecord } from '@trpc/server';
import {
  bicValidationDto,
  exportPain001Input,
  ibanValidationDto,
  iso20022MessageDto,
  pain001FileDto,
  parseInput,
  validateBicInput,
  validateIbanInput,
} from '../dto/iso20022.js';
import { validateBic } from '../iso20022/bic.js';
import { formatIban, validateIban } from '../iso20022/iban.js';
import { parseIso20022 } from '../iso20022/parse.js';
import { exportPain001File } from '../services/pain001.js';
import { MAX_DOCUMENT_BYTES } from '../upload-limits.js';
import { analystProcedure } from '../trpc.js';

// SPEC §4: analyst+.
export const iso20022Router = {
  validateIban: analystProcedure
    .meta({ rateLimit: 'read' })
    .input(validateIbanInput)
    .output(ibanValidationDto)
    .query(({ input }) => {
      const result = validateIban(input.iban);
      return result.valid ? { ...result, formatted: formatIban(result.iban) } : result;
    }),

  validateBic: analystProcedure
    .meta({ rateLimit: 'read' })
    .input(validateBicInput)
    .output(bicValidationDto)
    .query(({ input }) => validateBic(input.bic)),

  /** A mutation because a document does not fit in a URL; it reads and stores nothing. */
  parse: analystProcedure
    .meta({ rateLimit: 'read' })
    .input(parseInput)
    .output(iso20022MessageDto)
    .mutation(({ input }) => parseIso20022(input.xml, { maxBytes: MAX_DOCUMENT_BYTES })),

  exportPain001: analystProcedure
    .meta({ rateLimit: 'write', timeLimitMs: 30_000 })
    .input(exportPain001Input)
    .output(pain001FileDto)
    .mutation(({ ctx, input }) => exportPain001File(ctx, input, ctx.clock())),
} satisfies TRPCRouterRecord;

/**
 * The anchor: a bare Fastify 5 route answering the same URL with the same JSON (same size) as
 * the API's `transactions.list`, with no tRPC, authentication or database. Run as its own pinned
 * process by fastify-anchor.ts: `node --import tsx fastify-anchor-server.ts <port> <body.json>`.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [portArgument, bodyFile] = process.argv.slice(2);
if (portArgument === undefined || bodyFile === undefined) {
  throw new Error('usage: fastify-anchor-server.ts <port> <body.json>');
}
const page: unknown = JSON.parse(readFileSync(bodyFile, 'utf8'));

const app = Fastify({ logger: false });
app.get('/health', () => ({ status: 'ok' }));
// Serialized per request, as the API serializes its page.
app.get('/trpc/transactions.list', () => page);

await app.listen({ host: '127.0.0.1', port: Number(portArgument) });

const close = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', close);
process.on('SIGINT', close);

/** Minimal tRPC-over-HTTP calls for setting up benchmarks (the SDK would pull in the whole client). */

export class TrpcCallError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${path} answered ${status}: ${body.slice(0, 500)}`);
  }

  /** tRPC's `error.data.code` (NOT_FOUND, BAD_REQUEST…), when the body has one. */
  get code(): string | null {
    try {
      const parsed = JSON.parse(this.body) as { error?: { data?: { code?: unknown } } };
      const code = parsed.error?.data?.code;
      return typeof code === 'string' ? code : null;
    } catch {
      return null;
    }
  }
}

function dataOf(path: string, status: number, text: string): unknown {
  const body: unknown = JSON.parse(text);
  if (typeof body === 'object' && body !== null && 'result' in body) {
    const { result } = body;
    if (typeof result === 'object' && result !== null && 'data' in result) return result.data;
  }
  throw new TrpcCallError(path, status, text);
}

export function bearer(accessToken: string): Record<string, string> {
  return { authorization: `Bearer ${accessToken}` };
}

/** The query string the SDK's httpLink sends for a query. */
export function queryPath(path: string, input: unknown): string {
  return `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
}

export async function query(
  baseUrl: string,
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const response = await fetch(`${baseUrl}${queryPath(path, input)}`, { headers });
  const text = await response.text();
  if (!response.ok) throw new TrpcCallError(path, response.status, text);
  return dataOf(path, response.status, text);
}

export async function mutate(
  baseUrl: string,
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const response = await fetch(`${baseUrl}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  if (!response.ok) throw new TrpcCallError(path, response.status, text);
  return dataOf(path, response.status, text);
}

export function field(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || !(name in value)) {
    throw new Error(`expected a field "${name}" in ${JSON.stringify(value)?.slice(0, 200)}`);
  }
  return (value as Record<string, unknown>)[name];
}

export function stringField(value: unknown, name: string): string {
  const found = field(value, name);
  if (typeof found !== 'string') throw new Error(`"${name}" is not a string`);
  return found;
}

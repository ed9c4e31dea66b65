import { request } from 'node:http';
import { procedureTypes, type Credential } from './admin-http.js';
import type { TrpcErrorShape } from './trpc-http.js';

/**
 * HTTP from a chosen loopback address (127.0.0.2, 127.0.0.3…): on Linux the whole 127/8 is the
 * local host, so one test can be several clients with different IPs, no proxy headers involved.
 */
export interface AddressedResponse {
  status: number;
  headers: Headers;
  text: string;
}

export function requestFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<AddressedResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: init.method ?? 'GET', headers: init.headers ?? {}, localAddress, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const one of Array.isArray(value) ? value : [value ?? '']) {
              headers.append(name, one);
            }
          }
          resolve({
            status: response.statusCode ?? 0,
            headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}

export interface AddressedCall<T> {
  status: number;
  headers: Headers;
  data: T | undefined;
  error: TrpcErrorShape | undefined;
}

const types = procedureTypes();

/** One tRPC call (GET for queries, POST for mutations) from `localAddress`. */
export async function callFrom<T = unknown>(
  localAddress: string,
  baseUrl: string,
  path: string,
  input: unknown,
  credential: Credential,
): Promise<AddressedCall<T>> {
  const type = types.get(path);
  if (!type) throw new Error(`no procedure ${path}`);
  const headers: Record<string, string> =
    credential === null
      ? {}
      : 'token' in credential
        ? { authorization: `Bearer ${credential.token}` }
        : { 'x-api-key': credential.apiKey };
  const encoded = input === undefined ? undefined : JSON.stringify(input);
  const response =
    type === 'query'
      ? await requestFrom(
          localAddress,
          `${baseUrl}/trpc/${path}${encoded === undefined ? '' : `?input=${encodeURIComponent(encoded)}`}`,
          { headers },
        )
      : await requestFrom(localAddress, `${baseUrl}/trpc/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          ...(encoded === undefined ? {} : { body: encoded }),
        });
  const body = JSON.parse(response.text) as { result?: { data: T }; error?: TrpcErrorShape };
  return {
    status: response.status,
    headers: response.headers,
    data: body.result?.data,
    error: body.error,
  };
}

/**
 * `fetch` for the API's plain routes (the CSV download), which take the access token as
 * `Authorization: Bearer` and never a cookie. The token is the one the API client holds, kept in
 * memory only; when the API refuses it, `renew` (any call through the API client, which refreshes
 * once through the HttpOnly cookie) brings a fresh one and the request is sent once more.
 */
export type AuthorizedFetch = (path: string, init?: RequestInit) => Promise<Response>;

export interface AuthorizedFetchOptions {
  accessToken: () => string | null;
  renew: () => Promise<unknown>;
  fetch?: typeof fetch;
}

export function createAuthorizedFetch({
  accessToken,
  renew,
  fetch: send = (input, init) => fetch(input, init),
}: AuthorizedFetchOptions): AuthorizedFetch {
  const attempt = (path: string, init: RequestInit | undefined, token: string | null) => {
    const headers = new Headers(init?.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return send(path, { ...init, headers, credentials: 'omit' });
  };
  return async (path, init) => {
    const usedToken = accessToken();
    const first = await attempt(path, init, usedToken);
    if (first.status !== 401) return first;
    await renew();
    const renewed = accessToken();
    // Nothing new to try with: the refusal stands.
    if (renewed === null || renewed === usedToken) return first;
    await first.body?.cancel();
    return attempt(path, init, renewed);
  };
}

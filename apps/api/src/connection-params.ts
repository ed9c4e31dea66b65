/**
 * Credentials of a subscription. A browser's EventSource cannot send headers, so a subscription
 * may carry its access token or API key in tRPC's `connectionParams` (a query parameter:
 * `?connectionParams={"accessToken":"…"}` or `{"apiKey":"klk_…"}`). They are then checked exactly
 * like the Authorization / X-API-Key headers. Other calls must use the headers: a credential in a
 * URL ends up in proxy logs, which is only worth it where there is no other way.
 */
import type { PresentedCredentials } from './context.js';

type ConnectionParams = Partial<Record<string, string>> | null | undefined;

const ACCESS_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

const problem = (credentialProblem: string): PresentedCredentials => ({
  bearerToken: null,
  apiKey: null,
  credentialProblem,
});

function hasCredential(params: ConnectionParams): params is Partial<Record<string, string>> {
  return params != null && ('accessToken' in params || 'apiKey' in params);
}

/**
 * The request's credentials once `connectionParams` are taken into account: unchanged when they
 * carry none; a problem statement (401 later) when they are malformed, come with a header
 * credential, or come with a call that is not a subscription.
 */
export function withConnectionParams(
  fromHeaders: PresentedCredentials,
  params: ConnectionParams,
  isSubscription: boolean,
): PresentedCredentials {
  if (!hasCredential(params)) return fromHeaders;
  if (!isSubscription) {
    return problem(
      'connectionParams carry credentials for subscriptions only; send an Authorization or X-API-Key header',
    );
  }
  if (fromHeaders.bearerToken !== null || fromHeaders.apiKey !== null) {
    return problem('Send credentials either in a header or in connectionParams, not both');
  }
  if (fromHeaders.credentialProblem !== null) return fromHeaders;
  const { accessToken, apiKey } = params;
  if (accessToken !== undefined && apiKey !== undefined) {
    return problem('Send either connectionParams.accessToken or connectionParams.apiKey, not both');
  }
  if (accessToken !== undefined) {
    return ACCESS_TOKEN.test(accessToken)
      ? { bearerToken: accessToken, apiKey: null, credentialProblem: null }
      : problem('Malformed connectionParams.accessToken: expected an access token');
  }
  const key = apiKey?.trim() ?? '';
  return key === ''
    ? problem('Malformed connectionParams.apiKey: expected exactly one API key')
    : { bearerToken: null, apiKey: key, credentialProblem: null };
}

/** The query parameter of invitation links: `https://klerno.example.com/?invite=kli_…`. */
export const invitationParameter = 'invite';

/** The link an admin hands to the person invited; signing up from it joins the organization. */
export function invitationLink(origin: string, token: string): string {
  const url = new URL('/', origin);
  url.searchParams.set(invitationParameter, token);
  return url.toString();
}

/**
 * The invitation token of the page's address, taken out of the address bar (and so out of the
 * history a later visitor of this browser could read). Null when there is none.
 */
export function takeInvitationFromAddress(location: Location, history: History): string | null {
  const url = new URL(location.href);
  const token = url.searchParams.get(invitationParameter)?.trim();
  if (url.searchParams.has(invitationParameter)) {
    url.searchParams.delete(invitationParameter);
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  }
  return token ? token : null;
}

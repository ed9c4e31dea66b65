/** `host:port` of a PostgreSQL URL, for messages: never the user's password. */
export function describePgTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  } catch {
    return 'the configured PostgreSQL server';
  }
}

/** Removes the URL's password from a message, should a driver ever repeat it. */
export function redactPassword(message: string, url: string): string {
  let password: string;
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return message;
  }
  return password.length > 0 ? message.split(password).join('***') : message;
}

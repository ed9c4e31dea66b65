/**
 * The only place the bench reads its own environment. It is a developer tool, not the API: it
 * needs the caller's PATH to find turbo and taskset, and runs the build as a shell would. The
 * servers under test never see this environment; each gets an explicit one (see api-server.ts).
 */
// eslint-disable-next-line no-restricted-properties -- tools started by the bench need the caller's PATH; no setting is read here.
export const parentEnv: Readonly<Record<string, string | undefined>> = process.env;

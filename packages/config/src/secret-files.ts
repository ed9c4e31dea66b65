/** Variables that hold secrets: each may instead be given as `<NAME>_FILE`, a path to its value. */
export const SECRET_VARIABLES = [
  'JWT_SECRET',
  'JWT_PREVIOUS_SECRETS',
  'JWT_PRIVATE_KEY',
  'DATABASE_URL',
  'REDIS_URL',
  'METRICS_TOKEN',
] as const;

export type SecretVariable = (typeof SECRET_VARIABLES)[number];

export function fileVariable(name: SecretVariable): `${SecretVariable}_FILE` {
  return `${name}_FILE`;
}

export function isSecretVariable(name: string): name is SecretVariable {
  return (SECRET_VARIABLES as readonly string[]).includes(name);
}

/**
 * Replaces each `X_FILE` by `X` holding the file's content (trailing line breaks removed),
 * the Docker/Kubernetes secrets convention. Problems name the variable and path, never content.
 */
export function readSecretFiles(
  env: Readonly<Record<string, string>>,
  readFile: (path: string) => string,
): { env: Record<string, string>; problems: string[] } {
  const resolved: Record<string, string> = { ...env };
  const problems: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const fileName = fileVariable(name);
    const path = env[fileName];
    if (path === undefined) continue;
    delete resolved[fileName];
    if (env[name] !== undefined) {
      problems.push(`${name}: set either ${name} or ${fileName}, not both`);
      continue;
    }
    let content: string;
    try {
      content = readFile(path).replace(/[\r\n]+$/, '');
    } catch (error) {
      problems.push(`${fileName}: cannot read file "${path}"${describeCode(error)}`);
      continue;
    }
    if (content.trim() === '') {
      problems.push(`${fileName}: file "${path}" is empty`);
      continue;
    }
    resolved[name] = content;
  }
  return { env: resolved, problems };
}

function describeCode(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    return ` (${error.code})`;
  }
  return '';
}

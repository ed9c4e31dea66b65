import packageJson from '../package.json' with { type: 'json' };

/** The API's version, as published in its package.json (inlined into the bundle at build time). */
export const version: string = packageJson.version;

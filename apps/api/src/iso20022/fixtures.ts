import { readFileSync } from 'node:fs';

/** A sample document from ./fixtures (test helper). */
export function readFixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

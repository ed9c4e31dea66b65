import { createHash, randomBytes } from 'node:crypto';

/** 256 bits of randomness, base64url (43 characters). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored for a secret: the SHA-256 (lower-case hex) of the whole string, prefix included. */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

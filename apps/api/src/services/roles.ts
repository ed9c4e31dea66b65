import type { Role } from '@klerno/db';

/** viewer < analyst < admin (SPEC §4). */
const ROLE_RANK: Readonly<Record<Role, number>> = { viewer: 1, analyst: 2, admin: 3 };

export function hasRole(role: Role, min: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[min];
}

/** The lower of two roles. */
export function lowerRole(a: Role, b: Role): Role {
  return hasRole(b, a) ? a : b;
}

import type { RouterInputs } from '../api/types.js';

export type Role = RouterInputs['users']['setRole']['role'];

/** Lowest to highest: viewers read, analysts also work the data, admins also run the organization. */
export const roles = ['viewer', 'analyst', 'admin'] as const satisfies readonly Role[];

export const roleLabels: Record<Role, string> = {
  viewer: 'Viewer',
  analyst: 'Analyst',
  admin: 'Admin',
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

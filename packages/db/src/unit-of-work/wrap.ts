import type { Repositories } from '../ports.js';

/** Runs one repository call: takes a lock, checks a scope, maps driver errors… */
export type CallRunner = <T>(call: () => Promise<T>) => Promise<T>;

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/** The same repositories with every method call passed through `run`. */
export function wrapRepositories(repositories: Repositories, run: CallRunner): Repositories {
  const wrapped = Object.fromEntries(
    Object.entries(repositories).map(([name, repository]) => [
      name,
      wrapRepository(repository as Record<string, unknown>, run),
    ]),
  );
  return wrapped as unknown as Repositories;
}

function wrapRepository(
  repository: Record<string, unknown>,
  run: CallRunner,
): Record<string, AnyMethod> {
  const wrapped: Record<string, AnyMethod> = {};
  for (const [name, member] of Object.entries(repository)) {
    if (typeof member !== 'function') continue;
    const method = member as AnyMethod;
    wrapped[name] = (...args) => run(() => method.apply(repository, args));
  }
  return wrapped;
}

/** A runner that refuses calls once the unit of work that handed the repositories out is over. */
export function scopeGuard(scope: { active: boolean }): CallRunner {
  return (call) => {
    if (!scope.active) {
      return Promise.reject(
        new Error('These repositories belong to a transaction that has already ended.'),
      );
    }
    return call();
  };
}

export function chainRunners(outer: CallRunner, inner: CallRunner): CallRunner {
  return (call) => outer(() => inner(call));
}

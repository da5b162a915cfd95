// Resolves the login password in setup: PASSWORD when given (synchronously, so setup stays a
// plain function), else the k6 secret `password`.

import secrets from 'k6/secrets';
import { passwordFromSecret } from '../password';

/** Runs `withPassword` with the password; returns a Promise only when a secret is read. */
export function withPassword<T>(
  envPassword: string | undefined,
  withPasswordValue: (password: string) => T,
): T | Promise<T> {
  if (envPassword !== undefined) return withPasswordValue(envPassword);
  return passwordFromSecret((name) => secrets.get(name)).then(withPasswordValue);
}

// Where the login password comes from: PASSWORD, else the k6 secret `password` (k6 run
// --secret-source=...). The secret can only be read asynchronously, in setup.

import { SetupError } from './backend';

export const PASSWORD_SECRET_NAME = 'password';

/** The error for a run with neither PASSWORD nor a secret source that has `password`. */
export function missingPasswordError(reason: string): SetupError {
  return new SetupError(
    `PASSWORD: not set, and no k6 secret named '${PASSWORD_SECRET_NAME}' (${reason}); ` +
      `expected -e PASSWORD=... or k6 run --secret-source=file=secrets.txt with a line '${PASSWORD_SECRET_NAME}=...'`,
  );
}

/** The secret's value, or a SetupError saying how to provide the password. */
export async function passwordFromSecret(get: (name: string) => Promise<string>): Promise<string> {
  let value: string;
  try {
    value = await get(PASSWORD_SECRET_NAME);
  } catch (error) {
    throw missingPasswordError(error instanceof Error ? error.message : String(error));
  }
  if (typeof value !== 'string' || value === '') throw missingPasswordError('the secret is empty');
  return value;
}

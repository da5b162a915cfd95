// Where the real k6 binary is: K6_BIN, else `k6` on PATH.

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The k6 binary to run, or undefined when there is none (K6_BIN wins over PATH). */
export function findK6(): string | undefined {
  const candidates = process.env.K6_BIN
    ? [process.env.K6_BIN]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'k6'));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

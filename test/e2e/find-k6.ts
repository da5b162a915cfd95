// The k6 binary the real-k6 runs use: K6_BIN, else `k6` on PATH; undefined when there is none.

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

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

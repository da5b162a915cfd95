import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('node build.mjs', () => {
  it('a trailing comma in the gates file: one line naming file, line and column, exit 1, no stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'build-'));
    const file = join(dir, 'thresholds.json');
    writeFileSync(file, '{\n  "cw_requests": ["count>0"],\n}\n');
    const r = spawnSync(process.execPath, ['build.mjs', `--thresholds=${file}`], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^build failed: \S*thresholds\.json:2:28: JSON does not support trailing commas$/,
    );
  });
});

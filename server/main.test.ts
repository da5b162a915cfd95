import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const children: ChildProcess[] = [];

function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, TARGET_PASSWORD: '', GUEST_PASSWORD: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  /** The first line of stdout; rejects if the process exits before printing one. */
  const firstLine = () =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (stdout.includes('\n')) resolve(stdout.split('\n', 1)[0] ?? '');
      };
      check();
      child.stdout?.on('data', check);
      void exited.then(() => reject(new Error(`exited before printing: ${stderr}`)));
    });
  return { child, exited, firstLine, output: () => ({ stdout, stderr }) };
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm run target (server/main.ts)', () => {
  test('prints the bound URL for port 0, serves, and stops cleanly on SIGTERM', async () => {
    const main = startMain({ PORT: '0' });
    const line = await main.firstLine();
    expect(line).toMatch(/^ClaudeWorld stand-in on http:\/\/127\.0\.0\.1:\d+; /);
    expect(line).toContain('documented default');
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)?.[0];
    const health = await fetch(`${url}/auth/health`);
    expect(await health.json()).toEqual({ status: 'healthy' });
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    expect(main.output().stdout).toContain('stopped (SIGTERM)');
  });

  test('never prints a password set in TARGET_PASSWORD', async () => {
    const main = startMain({ PORT: '0', TARGET_PASSWORD: 'hunter2-secret' });
    const line = await main.firstLine();
    expect(line).toContain('admin password from TARGET_PASSWORD');
    expect(line).not.toContain('hunter2-secret');
    main.child.kill('SIGINT');
    expect(await main.exited).toBe(0);
  });

  test('a bad setting stops it at start with one line naming the variable', async () => {
    const main = startMain({ PORT: 'eighty' });
    expect(await main.exited).toBe(2);
    expect(main.output().stderr.trim()).toBe(
      'stand-in: PORT: got "eighty"; expected a whole number from 0 to 65535',
    );
  });
});

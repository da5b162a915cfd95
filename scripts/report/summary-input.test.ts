import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCapacitySummaries, loadPollSummaries } from './summary-input';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'summary-input-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const summary = (extra: object = {}) => ({
  schema: 'claudeworld-loadtest/poll-summary',
  version: 2,
  ...extra,
});

describe('loadPollSummaries', () => {
  it('reads files as given and the .json files of a folder in name order', () => {
    const one = write('one.json', summary({ n: 1 }));
    mkdirSync(join(dir, 'runs'));
    write('runs/b.json', summary({ n: 3 }));
    write('runs/a.json', summary({ n: 2 }));
    write('runs/junit.xml', '<testsuite/>');
    const loaded = loadPollSummaries([one, join(dir, 'runs')]);
    expect(loaded.map((l) => [l.path, (l.summary as unknown as { n: number }).n])).toEqual([
      [one, 1],
      [join(dir, 'runs', 'a.json'), 2],
      [join(dir, 'runs', 'b.json'), 3],
    ]);
  });

  it('names the file in one line for each kind of bad input', () => {
    const missing = join(dir, 'missing.json');
    expect(() => loadPollSummaries([missing])).toThrow(`${missing}: no such file or folder`);
    const text = write('text.json', 'hello');
    expect(() => loadPollSummaries([text])).toThrow(`${text}: not JSON`);
    const other = write('other.json', { schema: 'something-else', version: 1 });
    expect(() => loadPollSummaries([other])).toThrow(
      `${other}: not a poll summary (expected "schema": "claudeworld-loadtest/poll-summary")`,
    );
    const future = write('future.json', summary({ version: 9 }));
    expect(() => loadPollSummaries([future])).toThrow(
      `${future}: summary version 9, but this tool reads version 2 only (run the test again with this version's dist/poll.js)`,
    );
    mkdirSync(join(dir, 'empty'));
    expect(() => loadPollSummaries([join(dir, 'empty')])).toThrow(
      `${join(dir, 'empty')}: no .json files in this folder`,
    );
    expect(() => loadPollSummaries([])).toThrow('no summary files given');
  });
});

describe('loadCapacitySummaries', () => {
  it('reads capacity summaries and names a file that is none', () => {
    const capacity = { schema: 'claudeworld-loadtest/capacity-summary', version: 1, n: 1 };
    const one = write('summary-1.json', capacity);
    expect(loadCapacitySummaries([one])).toEqual([capacity]);
    const poll = write('poll.json', summary());
    expect(() => loadCapacitySummaries([one, poll])).toThrow(
      `${poll}: not a capacity summary of version 1 (expected "schema": "claudeworld-loadtest/capacity-summary")`,
    );
  });
});

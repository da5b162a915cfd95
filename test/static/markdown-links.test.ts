import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { brokenLinks, headingAnchors, linkTargets, markdownFiles } from './markdown-links';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the repository', () => {
  it('has no Markdown link that does not resolve', () => {
    expect(markdownFiles(repositoryRoot)).toContain('README.md');
    expect(brokenLinks(repositoryRoot)).toEqual([]);
  });
});

describe('headingAnchors', () => {
  it("slugs headings as GitHub does: lower case, punctuation dropped, code spans' text kept", () => {
    const anchors = headingAnchors(
      '# Title\n## The capacity model (`FAULT_CAPACITY_RPS`)\n## Rate limits: read this, **now**\n',
    );
    expect([...anchors]).toEqual([
      'title',
      'the-capacity-model-fault_capacity_rps',
      'rate-limits-read-this-now',
    ]);
  });

  it('numbers repeated headings -1, -2 and ignores # lines inside code blocks', () => {
    const anchors = headingAnchors('## Options\n## Options\n```sh\n# Options\n```\n## Options\n');
    expect([...anchors]).toEqual(['options', 'options-1', 'options-2']);
  });
});

describe('linkTargets', () => {
  it('finds inline, reference and image links, in tables too, and none in code', () => {
    const markdown = [
      'See [a](a.md#x) and `[not](code.md)`, ![img](i.png).',
      '',
      '| t |',
      '| - |',
      '| [b](b.md) |',
      '',
      '```',
      '[not](block.md)',
      '```',
      '[c][ref]',
      '',
      '[ref]: c.md',
    ].join('\n');
    expect(linkTargets(markdown)).toEqual(['a.md#x', 'i.png', 'b.md', 'c.md']);
  });
});

describe('brokenLinks', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  function repository(files: Record<string, string>): string {
    root = mkdtempSync(join(tmpdir(), 'md-links-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }

  it('reports a missing file, a missing heading and a bad line anchor, with the file that links', () => {
    const dir = repository({
      'README.md': [
        '[ok](docs/page.md#a-section) [ok](docs/) [ok](lib/x.ts#L3-L5) [ok](#top) [web](https://x.test/y)',
        '[gone](docs/gone.md) [anchor](docs/page.md#no-such) [line](lib/x.ts#foo)',
        '# Top',
      ].join('\n'),
      'docs/page.md': '## A section\n[up](../README.md#top) [out](../../elsewhere.md)\n',
      'lib/x.ts': '',
      'node_modules/pkg/README.md': '[ignored](nowhere.md)',
    });
    expect(brokenLinks(dir)).toEqual([
      { file: 'README.md', href: 'docs/gone.md', reason: 'no such file: docs/gone.md' },
      {
        file: 'README.md',
        href: 'docs/page.md#no-such',
        reason: 'no heading #no-such in docs/page.md',
      },
      { file: 'README.md', href: 'lib/x.ts#foo', reason: '#foo: not a line anchor (#L12)' },
      { file: 'docs/page.md', href: '../../elsewhere.md', reason: 'points outside the repository' },
    ]);
  });

  it('reads percent-encoded paths and anchors', () => {
    const dir = repository({
      'a b.md': '# Ünïcode heading\n[self](a%20b.md#%C3%BCn%C3%AFcode-heading)\n',
    });
    expect(brokenLinks(dir)).toEqual([]);
  });
});

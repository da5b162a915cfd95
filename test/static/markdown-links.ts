// The repository's link checker: every relative link of every Markdown file must reach a file
// or folder of the repository, and a `#fragment` must name a heading of the Markdown file it
// points at, by GitHub's slug rules. Links with a scheme (https:, mailto:) are not followed.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import GithubSlugger from 'github-slugger';
import { Lexer, marked, type Token, type Tokens } from 'marked';

/** Folders that are not the project's own pages: installed packages, build output, git. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git']);

export interface BrokenLink {
  /** The Markdown file, relative to the repository root. */
  file: string;
  href: string;
  reason: string;
}

/** Every `*.md` below `root`, as paths relative to it, sorted. */
export function markdownFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.md')) found.push(relative(root, path));
    }
  };
  walk(root);
  return found.sort();
}

/** The text a heading shows (what GitHub slugs): code spans kept, markup and HTML tags dropped. */
function shownText(tokens: readonly Token[]): string {
  let text = '';
  for (const token of tokens) {
    if (token.type === 'html') continue;
    const children = (token as { tokens?: Token[] }).tokens;
    if (children !== undefined && children.length > 0) text += shownText(children);
    else if ('text' in token && typeof token.text === 'string') text += token.text;
  }
  return text;
}

/** The anchors GitHub gives the headings of a Markdown text (a repeated heading gets `-1`, `-2`...). */
export function headingAnchors(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  for (const token of new Lexer().lex(markdown)) {
    if (token.type === 'heading')
      anchors.add(slugger.slug(shownText((token as Tokens.Heading).tokens)));
  }
  return anchors;
}

/** The targets of the links and images of a Markdown text; code spans and blocks hold none. */
export function linkTargets(markdown: string): string[] {
  const targets: string[] = [];
  marked.walkTokens(new Lexer().lex(markdown), (token) => {
    if (token.type === 'link' || token.type === 'image') targets.push(token.href);
  });
  return targets;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:|^\/\//i;
/** GitHub's only anchors in a file that is not Markdown: lines, `#L12` or `#L12-L20`. */
const LINE_ANCHOR = /^L\d+(-L\d+)?$/;

/** What is wrong with one link of `file` (relative to `root`), or undefined when it resolves. */
function checkLink(
  root: string,
  file: string,
  href: string,
  anchorsOf: (path: string) => Set<string>,
) {
  if (SCHEME.test(href)) return undefined;
  const hashAt = href.indexOf('#');
  const pathPart = (hashAt === -1 ? href : href.slice(0, hashAt)).replace(/\?.*$/, '');
  let decoded: string;
  let fragment: string | undefined;
  try {
    decoded = decodeURIComponent(pathPart);
    fragment = hashAt === -1 ? undefined : decodeURIComponent(href.slice(hashAt + 1));
  } catch {
    return 'malformed percent-encoding';
  }
  const target =
    decoded === ''
      ? join(root, file)
      : decoded.startsWith('/')
        ? join(root, decoded)
        : resolve(root, dirname(file), decoded);
  if (relative(root, target).startsWith('..')) return 'points outside the repository';
  let isFile: boolean;
  try {
    isFile = statSync(target).isFile();
  } catch {
    return `no such file: ${relative(root, target)}`;
  }
  if (fragment === undefined || fragment === '') return undefined;
  if (!isFile) return 'an anchor on a folder';
  if (extname(target) !== '.md') {
    return LINE_ANCHOR.test(fragment) ? undefined : `#${fragment}: not a line anchor (#L12)`;
  }
  return anchorsOf(target).has(fragment)
    ? undefined
    : `no heading #${fragment} in ${relative(root, target)}`;
}

/** Every link of every Markdown file below `root` that does not resolve. */
export function brokenLinks(repositoryRoot: string): BrokenLink[] {
  const root = resolve(repositoryRoot);
  const anchors = new Map<string, Set<string>>();
  const anchorsOf = (path: string): Set<string> => {
    let found = anchors.get(path);
    if (found === undefined) {
      found = headingAnchors(readFileSync(path, 'utf8'));
      anchors.set(path, found);
    }
    return found;
  };
  const broken: BrokenLink[] = [];
  for (const file of markdownFiles(root)) {
    for (const href of linkTargets(readFileSync(join(root, file), 'utf8'))) {
      const reason = checkLink(root, file, href, anchorsOf);
      if (reason !== undefined) broken.push({ file, href, reason });
    }
  }
  return broken;
}

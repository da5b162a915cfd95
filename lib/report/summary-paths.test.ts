import { describe, expect, it } from 'vitest';
import { summaryFilesLine, summaryPaths } from './summary-paths';

describe('summaryPaths', () => {
  it('puts the files in the working directory for an empty SUMMARY_DIR', () => {
    expect(summaryPaths('')).toEqual({
      json: 'summary.json',
      junit: 'junit.xml',
      html: 'summary.html',
    });
  });

  it('joins a folder with or without trailing slashes', () => {
    expect(summaryPaths('out')).toMatchObject({ json: 'out/summary.json', junit: 'out/junit.xml' });
    expect(summaryPaths('a/b//')).toMatchObject({
      json: 'a/b/summary.json',
      html: 'a/b/summary.html',
    });
    expect(summaryPaths('/')).toMatchObject({ json: '/summary.json', junit: '/junit.xml' });
  });
});

describe('summaryFilesLine', () => {
  it('says the folder must exist, since k6 does not create it', () => {
    expect(summaryFilesLine('out')).toBe(
      'Summary files: out/summary.json and out/junit.xml (SUMMARY_DIR must exist: k6 does not create folders)',
    );
    expect(summaryFilesLine('')).toBe(
      'Summary files: summary.json and junit.xml in the working directory',
    );
    expect(summaryFilesLine('out', { withHtml: true })).toBe(
      'Summary files: out/summary.json, out/summary.html and out/junit.xml (SUMMARY_DIR must exist: k6 does not create folders)',
    );
  });
});

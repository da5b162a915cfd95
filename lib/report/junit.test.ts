import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml, renderJUnit } from './junit';

describe('escapeXml', () => {
  it('escapes markup characters', () => {
    expect(escapeXml(`a<b>&"c"'d'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
  });

  it('drops control characters XML 1.0 forbids and keeps tabs, newlines and emoji', () => {
    expect(escapeXml('a\u0000b\u0007c\u001Fd\te\nf✅')).toBe('abcd\te\nf✅');
  });
});

describe('renderJUnit', () => {
  it('writes names, counts and failures that parse back to the same strings', () => {
    const awkward = `m{tag:"x"} p(95)<1&2 ]]> <![CDATA[`;
    const xml = renderJUnit({
      name: 'suite <1>',
      timeSeconds: 12.3456,
      cases: [
        { classname: 'c', name: 'ok case' },
        {
          classname: 'c',
          name: awkward,
          failure: { message: 'p(95)=812.30 ms', type: 'threshold', details: `${awkward}\u0001` },
        },
      ],
    });
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, processEntities: true }).parse(xml);
    const suite = doc.testsuites.testsuite;
    expect(doc.testsuites['@_name']).toBe('suite <1>');
    expect(suite['@_tests']).toBe('2');
    expect(suite['@_failures']).toBe('1');
    expect(suite['@_time']).toBe('12.346');
    expect(suite.testcase[1]['@_name']).toBe(awkward);
    expect(suite.testcase[1].failure['@_message']).toBe('p(95)=812.30 ms');
    expect(suite.testcase[1].failure['#text']).toBe(awkward);
  });

  it('counts skipped cases apart from failures and writes their reason', () => {
    const xml = renderJUnit({
      name: 's',
      timeSeconds: 0,
      cases: [
        {
          classname: 'c',
          name: 'judged nothing',
          skipped: { message: 'not evaluated: setup failed' },
        },
        { classname: 'c', name: 'failed', failure: { message: 'm', type: 't', details: 'd' } },
      ],
    });
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = new XMLParser({ ignoreAttributes: false }).parse(xml).testsuites.testsuite;
    expect(suite['@_tests']).toBe('2');
    expect(suite['@_failures']).toBe('1');
    expect(suite['@_skipped']).toBe('1');
    expect(suite.testcase[0].skipped['@_message']).toBe('not evaluated: setup failed');
  });
});

// A minimal JUnit XML writer for pipeline test tabs (Jenkins, GitLab, GitHub reporters).
// Hand-written on purpose: fast-xml-parser does not bundle for k6 (platform-neutral build),
// and fast-xml-builder (50 KB) compiles a Unicode-flag regex with astral ranges at load time,
// which k6's Sobek engine cannot be shown to accept here; a failure there would abort the
// script at init and lose the whole run's report. Escaping five characters is all it needs.

export interface JUnitCase {
  classname: string;
  name: string;
  /** Present when the case failed; `message` is the one-line reason. */
  failure?: { message: string; type: string; details: string };
  /** Present when the case was not judged (a gate a failed setup left unevaluated): why. */
  skipped?: { message: string };
}

export interface JUnitSuite {
  name: string;
  /** Seconds. */
  timeSeconds: number;
  cases: readonly JUnitCase[];
}

/** Text or attribute value safe for XML 1.0: markup escaped, disallowed control chars dropped. */
export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

function attributes(values: Readonly<Record<string, string | number>>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXml(`${value}`)}"`)
    .join('');
}

function testCase(c: JUnitCase): string {
  const head = `    <testcase${attributes({ classname: c.classname, name: c.name, time: 0 })}`;
  if (c.failure === undefined && c.skipped === undefined) return `${head}/>`;
  if (c.failure === undefined) {
    return [
      `${head}>`,
      `      <skipped${attributes({ message: c.skipped?.message ?? '' })}/>`,
      '    </testcase>',
    ].join('\n');
  }
  const failure = attributes({ message: c.failure.message, type: c.failure.type });
  return [
    `${head}>`,
    `      <failure${failure}>${escapeXml(c.failure.details)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

/** One `<testsuites>` document holding `suite`. */
export function renderJUnit(suite: JUnitSuite): string {
  const failures = suite.cases.filter((c) => c.failure !== undefined).length;
  const skipped = suite.cases.filter((c) => c.failure === undefined && c.skipped !== undefined);
  const time = Number.isFinite(suite.timeSeconds) ? suite.timeSeconds.toFixed(3) : '0.000';
  const counts = { tests: suite.cases.length, failures, errors: 0, skipped: skipped.length, time };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: suite.name, ...counts })}>`,
    `  <testsuite${attributes({ name: suite.name, ...counts })}>`,
    ...suite.cases.map(testCase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

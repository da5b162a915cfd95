// Checks that the numbers an HTML report shows match summary.json: each cell marked
// `data-figure="<dotted path>"` must show that field's value, rounded as printed, or n/a for null.
// Used on the rendered string (unit tests) and on the DOM a browser built (browser test).

export interface FigureCell {
  figure: string;
  text: string;
  /** The shown number is the field times this (`data-scale`; 1 when absent). */
  scale?: number;
}

/** The marked cells of a page as rendered (no browser needed). */
export function figureCellsOf(html: string): FigureCell[] {
  return [...html.matchAll(/data-figure="([^"]+)"(?: data-scale="([^"]+)")?[^>]*>([^<]*)</g)].map(
    (m) => ({
      figure: m[1] as string,
      text: (m[3] as string).replace(/&amp;/g, '&'),
      ...(m[2] === undefined ? {} : { scale: Number(m[2]) }),
    }),
  );
}

function valueAt(json: unknown, path: string): unknown {
  let value: unknown = json;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** One line per cell whose number disagrees with summary.json; empty when all agree. */
export function figureMismatches(cells: readonly FigureCell[], summary: unknown): string[] {
  const problems: string[] = [];
  for (const { figure, text, scale } of cells) {
    const value = valueAt(summary, figure);
    const expected = typeof value === 'number' && scale !== undefined ? value * scale : value;
    if (expected === null) {
      if (text.trim() !== 'n/a') problems.push(`${figure}: shows "${text}", summary has null`);
      continue;
    }
    if (typeof expected !== 'number') {
      problems.push(`${figure}: not a number in summary.json (${JSON.stringify(expected)})`);
      continue;
    }
    const match = /-?\d[\d,]*(\.\d+)?/.exec(text);
    if (match === null) {
      problems.push(`${figure}: shows "${text}", summary has ${expected}`);
      continue;
    }
    const shown = Number(match[0].replace(/,/g, ''));
    const decimals = match[1] === undefined ? 0 : match[1].length - 1;
    if (Math.abs(shown - expected) > 0.5 * 10 ** -decimals + 1e-9) {
      problems.push(`${figure}: shows "${text}", summary has ${expected}`);
    }
  }
  return problems;
}

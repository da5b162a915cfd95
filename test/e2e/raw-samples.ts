// The truth a merged report is checked against: every raw sample k6 wrote with
// `--out csv=FILE`, and percentiles computed over all of them as k6 computes a Trend's.

/** One CSV line split into fields; handles k6's double-quoted fields. */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

export interface RawSample {
  value: number;
  /** Built-in tags and `extra_tags` (the scenario's own tags, `endpoint=poll&room=0`). */
  tags: Record<string, string>;
}

/** The samples of `metric` in a k6 CSV output. */
export function samplesOf(csv: string, metric: string): RawSample[] {
  const [header = '', ...lines] = csv.split('\n');
  const columns = splitCsvLine(header);
  const nameAt = columns.indexOf('metric_name');
  const valueAt = columns.indexOf('metric_value');
  const extraAt = columns.indexOf('extra_tags');
  const out: RawSample[] = [];
  for (const line of lines) {
    if (!line.startsWith(metric)) continue;
    const fields = splitCsvLine(line);
    if (fields[nameAt] !== metric) continue;
    const tags: Record<string, string> = {};
    columns.forEach((column, i) => {
      if (i !== nameAt && i !== valueAt && i !== extraAt && fields[i]) tags[column] = fields[i];
    });
    for (const pair of (fields[extraAt] ?? '').split('&')) {
      const eq = pair.indexOf('=');
      if (eq > 0) tags[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    out.push({ value: Number(fields[valueAt]), tags });
  }
  return out;
}

/** The `percent` percentile of the values as k6's Trend computes it (linear between ranks). */
export function exactPercentile(values: readonly number[], percent: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (percent / 100) * (sorted.length - 1);
  const low = sorted[Math.floor(rank)] as number;
  const high = sorted[Math.ceil(rank)] as number;
  return low + (high - low) * (rank - Math.floor(rank));
}

// The Prometheus queries of a Grafana dashboard, resolved as Grafana resolves them before it
// sends them: its variables, `$__range`, `$__interval`, `$__rate_interval`, the time range and
// the step of range queries. Pure: the live-metrics case sends the results to a real Prometheus.

/** One query of a panel. */
export interface PanelQuery {
  panelTitle: string;
  refId: string;
  expr: string;
  /** Grafana runs an instant query at the end of the time range; otherwise a range query. */
  instant: boolean;
}

/** A `label_values(metric, label)` query variable. */
export interface LabelValuesVariable {
  name: string;
  metric: string;
  label: string;
}

interface DashboardJson {
  time?: { from?: string; to?: string };
  templating?: { list?: { name?: string; type?: string; definition?: string }[] };
  panels?: {
    title?: string;
    targets?: { refId?: string; expr?: string; instant?: boolean; range?: boolean }[];
  }[];
}

/** Every panel target with an `expr`, in panel order. */
export function panelQueries(dashboard: unknown): PanelQuery[] {
  const queries: PanelQuery[] = [];
  for (const panel of (dashboard as DashboardJson).panels ?? []) {
    for (const target of panel.targets ?? []) {
      if (typeof target.expr !== 'string') continue;
      queries.push({
        panelTitle: panel.title ?? '(untitled)',
        refId: target.refId ?? '',
        expr: target.expr,
        instant: target.instant === true && target.range !== true,
      });
    }
  }
  return queries;
}

const LABEL_VALUES = /^label_values\(\s*([^,()]+?)\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/;

/** The dashboard's query variables; throws for one that is not `label_values(metric, label)`. */
export function labelValuesVariables(dashboard: unknown): LabelValuesVariable[] {
  const variables: LabelValuesVariable[] = [];
  for (const v of (dashboard as DashboardJson).templating?.list ?? []) {
    if (v.type !== 'query') continue;
    const match = LABEL_VALUES.exec(v.definition ?? '');
    if (match?.[1] === undefined || match[2] === undefined) {
      throw new Error(
        `variable ${v.name}: ${JSON.stringify(v.definition)} is not label_values(metric, label)`,
      );
    }
    variables.push({ name: v.name ?? '', metric: match[1], label: match[2] });
  }
  return variables;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** A relative time of the dashboard (`now`, `now-30m`) at `nowMs`. */
export function relativeTimeMs(text: string, nowMs: number): number {
  if (text === 'now') return nowMs;
  const match = /^now-(\d+)([smhd])$/.exec(text);
  const unit = match?.[2] === undefined ? undefined : UNIT_MS[match[2]];
  if (match?.[1] === undefined || unit === undefined) {
    throw new Error(`time ${JSON.stringify(text)}: expected now or now-<n><s|m|h|d>`);
  }
  return nowMs - Number(match[1]) * unit;
}

/** The dashboard's default time range (`time.from` .. `time.to`) at `nowMs`. */
export function dashboardTimeRange(dashboard: unknown, nowMs: number) {
  const time = (dashboard as DashboardJson).time ?? {};
  return {
    fromMs: relativeTimeMs(time.from ?? 'now-6h', nowMs),
    toMs: relativeTimeMs(time.to ?? 'now', nowMs),
  };
}

/** Grafana's Prometheus data source settings the interpolation depends on. */
export interface QuerySettings {
  /** The data source's scrape interval (Grafana's default 15 s): the lower bound of $__interval. */
  scrapeIntervalMs: number;
  /** Points a panel asks for (about its width in pixels). */
  maxDataPoints: number;
}

export const GRAFANA_DEFAULTS: QuerySettings = { scrapeIntervalMs: 15_000, maxDataPoints: 1000 };

/**
 * `$__interval`: the range over the points asked for, at least the scrape interval. Grafana
 * also rounds it to a "nice" value; at this dashboard's 30 minutes the scrape interval decides.
 */
export function intervalMs(rangeMs: number, s: QuerySettings): number {
  return Math.max(s.scrapeIntervalMs, Math.ceil(rangeMs / s.maxDataPoints / 1000) * 1000);
}

/** Grafana's escaping of a single-valued variable in a Prometheus query. */
function prometheusEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
}

/** A query as Grafana sends it: the range, step and the expression with every variable filled. */
export interface ResolvedQuery {
  expr: string;
  /** Instant queries are evaluated at `endMs`; range queries over `startMs..endMs` by `stepMs`. */
  startMs: number;
  endMs: number;
  stepMs: number;
}

/**
 * Fills `$var` and `${var}` with `variables` and Grafana's built-ins for the time range; a
 * variable it does not know is an error, as Grafana would send it unresolved. Range queries get
 * start and end rounded down to the step, as Grafana aligns them.
 */
export function resolveQuery(
  query: Pick<PanelQuery, 'expr' | 'instant'>,
  range: { fromMs: number; toMs: number },
  variables: Readonly<Record<string, string>>,
  settings: QuerySettings = GRAFANA_DEFAULTS,
): ResolvedQuery {
  const rangeMs = range.toMs - range.fromMs;
  const stepMs = intervalMs(rangeMs, settings);
  const rangeS = Math.round(rangeMs / 1000);
  const builtIns: Record<string, string> = {
    __range: `${rangeS}s`,
    __range_s: `${rangeS}`,
    __range_ms: `${rangeMs}`,
    __interval: `${stepMs / 1000}s`,
    __interval_ms: `${stepMs}`,
    __rate_interval: `${Math.max(stepMs + settings.scrapeIntervalMs, 4 * settings.scrapeIntervalMs) / 1000}s`,
  };
  const expr = query.expr.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (whole, braced: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      const builtIn = builtIns[name];
      if (builtIn !== undefined) return builtIn;
      const value = variables[name];
      if (value === undefined) throw new Error(`${query.expr}: no value for ${whole}`);
      return prometheusEscape(value);
    },
  );
  if (query.instant) return { expr, startMs: range.toMs, endMs: range.toMs, stepMs };
  const align = (ms: number) => Math.floor(ms / stepMs) * stepMs;
  return { expr, startMs: align(range.fromMs), endMs: align(range.toMs), stepMs };
}

// k6 provides `console` (its log goes to k6's logger), but @types/k6 does not declare it and
// the k6-side tsconfig has no DOM or Node types.
declare const console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
};

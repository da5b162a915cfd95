// All k6 module doubles of one VU, by the specifier a script imports them with.

import type { VuRuntime } from '../runtime';
import { createExecutionModule, type ExecutionModule } from './execution';
import { createHttpModule, type HttpModule } from './http';
import { createK6Module, type K6Module } from './k6';
import { createMetricsModule, type MetricsModule } from './metrics';
import { createSecretsModule, type SecretsModule } from './secrets';
import { createTimersModule, type TimersModule } from './timers';

export interface K6Modules {
  k6: K6Module;
  'k6/http': HttpModule;
  'k6/metrics': MetricsModule;
  'k6/execution': ExecutionModule;
  'k6/secrets': SecretsModule;
  'k6/timers': TimersModule;
}

/** The modules bound to `vu` (a getter, so aliases can follow whichever runtime is active). */
export function createK6Modules(vu: () => VuRuntime): K6Modules {
  return {
    k6: createK6Module(vu),
    'k6/http': createHttpModule(vu),
    'k6/metrics': createMetricsModule(vu),
    'k6/execution': createExecutionModule(vu),
    'k6/secrets': createSecretsModule(vu),
    'k6/timers': createTimersModule(vu),
  };
}

// vitest resolves `k6/metrics` here: the double bound to the runtime a test installed.
import { activeK6Runtime } from '../install';
import { createMetricsModule } from '../modules/metrics';

const metrics = createMetricsModule(activeK6Runtime);
export const { Counter, Gauge, Rate, Trend } = metrics;
export default metrics;

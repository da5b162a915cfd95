// vitest resolves `k6/execution` here: the double bound to the runtime a test installed.
import { activeK6Runtime } from '../install';
import { createExecutionModule } from '../modules/execution';

const execution = createExecutionModule(activeK6Runtime);
export const { vu, scenario, instance, test } = execution;
export default execution;

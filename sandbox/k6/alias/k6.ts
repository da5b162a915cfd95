// vitest resolves `k6` here: the double bound to the runtime a test installed (../install).
import { activeK6Runtime } from '../install';
import { createK6Module } from '../modules/k6';

const k6 = createK6Module(activeK6Runtime);
export const { sleep, check, group, fail } = k6;
export default k6;

// vitest resolves `k6/secrets` here: the double bound to the runtime a test installed.
import { activeK6Runtime } from '../install';
import { createSecretsModule } from '../modules/secrets';

const secrets = createSecretsModule(activeK6Runtime);
export const { get, source } = secrets;
export default secrets;

// vitest resolves `k6/http` here: the double bound to the runtime a test installed (../install).
import { activeK6Runtime } from '../install';
import { createHttpModule } from '../modules/http';

const http = createHttpModule(activeK6Runtime);
export const {
  request,
  get,
  head,
  post,
  put,
  patch,
  del,
  options,
  batch,
  asyncRequest,
  expectedStatuses,
} = http;
export default http;

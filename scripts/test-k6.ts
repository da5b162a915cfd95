// `npm run test:k6`: the end-to-end cases with a real k6 binary (see test/e2e/run-with-k6.ts).
import '../test/e2e/run-with-k6';

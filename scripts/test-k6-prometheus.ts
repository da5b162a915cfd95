// `npm run test:k6:prometheus`: live metrics through a real Prometheus (test/e2e/run-prometheus-with-k6.ts).
import '../test/e2e/run-prometheus-with-k6';

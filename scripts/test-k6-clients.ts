// `npm run test:k6:clients`: the chat and game cases with a real k6 (test/e2e/run-clients-with-k6.ts).
import '../test/e2e/run-clients-with-k6';

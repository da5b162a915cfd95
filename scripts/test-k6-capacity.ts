// `npm run test:k6:capacity`: the capacity cases with a real k6 binary (test/e2e/run-capacity-with-k6.ts).
import '../test/e2e/run-capacity-with-k6';

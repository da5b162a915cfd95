// `npm run target`: the stand-in ClaudeWorld backend on HOST:PORT until SIGINT or SIGTERM.

import { ConfigError } from '../lib/env';
import { limitText } from '../lib/ratelimit/endpoints';
import { startStandInServer } from './node-adapter';
import { parseServerOptions } from './options';

async function main(): Promise<void> {
  let options: ReturnType<typeof parseServerOptions>;
  try {
    options = parseServerOptions(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`stand-in: ${error.message}`);
    process.exit(2);
  }
  const server = await startStandInServer(options);
  // Handlers first: whoever reads the banner may signal at once.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => {
        console.log(`stand-in: stopped (${signal})`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error('stand-in: error while stopping', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const { rateLimit } = options;
  const password = options.adminPasswordIsDefault
    ? 'admin password is the documented default "loadtest" (set TARGET_PASSWORD to change it)'
    : 'admin password from TARGET_PASSWORD';
  const guest = options.guestPassword === undefined ? '' : ', guest login on (GUEST_PASSWORD)';
  const limits = rateLimit.enabled
    ? `rate limits ${rateLimit.profile}: poll ${limitText(rateLimit.limits.poll, rateLimit.windowMs)}`
    : 'rate limits off';
  console.log(`ClaudeWorld stand-in on ${server.url}; ${password}${guest}; ${limits}`);
}

main().catch((error: unknown) => {
  console.error('stand-in: could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});

// The end-to-end tests run the built dist/*.js, so every test run builds them first.
import { buildScenarios } from '../build.mjs';

export default async function buildBeforeTests(): Promise<void> {
  await buildScenarios({ logLevel: 'warning' });
}

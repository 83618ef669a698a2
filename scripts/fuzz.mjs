#!/usr/bin/env node
// `npm run fuzz`: the route fuzzer (src/http/route-fuzz.test.ts) at a larger size than CI runs it.
// FUZZ_REQUESTS (default 100000) requests; FUZZ_SEED (default: a new one, printed) picks them, so a
// failure is reproduced with the same FUZZ_SEED and FUZZ_REQUESTS.
import { spawnSync } from 'node:child_process';

const env = {
  ...process.env,
  FUZZ_REQUESTS: process.env.FUZZ_REQUESTS || '100000',
  FUZZ_SEED: process.env.FUZZ_SEED || String(Math.floor(Math.random() * 2 ** 31)),
};
console.log(`route fuzz: FUZZ_REQUESTS=${env.FUZZ_REQUESTS} FUZZ_SEED=${env.FUZZ_SEED}`);
const result = spawnSync('npx', ['vitest', 'run', 'src/http/route-fuzz.test.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);

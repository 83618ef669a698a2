#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so no build step is needed to start the service.
import { register } from 'tsx/esm/api';

// Each DuckDB query holds one of libuv's worker threads until it returns (4 by default): four
// analytics reads would leave none for the replica's writer, file and zlib work. Set before
// anything queues work on the pool, which is created on first use.
process.env.UV_THREADPOOL_SIZE ??= '16';
register();
await import('../src/cli/main.ts');

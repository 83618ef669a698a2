/**
 * Dependencies point down: the write path knows none of its readers. `events/` and `directory/`
 * write the events, the directory and the change log; analytics (and the live stream) follow the
 * change log on their own, so neither writer imports anything from `analytics/`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const SRC = new URL('..', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

it('events/ and directory/ import nothing from analytics/', () => {
  const offending = ['events', 'directory'].flatMap((area) =>
    sources(join(SRC, area)).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)]
        .map((m) => m[1] as string)
        .filter((spec) => spec.includes('/analytics/'))
        .map((spec) => `${relative(SRC, file)} imports ${spec}`),
    ),
  );
  expect(offending).toEqual([]);
  // The check reads real files: it would see an import if there were one.
  expect(sources(join(SRC, 'events')).length).toBeGreaterThan(5);
});

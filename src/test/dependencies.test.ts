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

/** Value imports of a file (type-only imports vanish from the bundle and are left out). */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import (?!type )[^;]*? from '([^']+)';/gms)].map((m) => m[1] as string);
}

/** Packages that run in the browser too: schemas (typebox) and charts (echarts, shared with PDF export). */
const BROWSER_PACKAGES = ['typebox', 'echarts'];

it('the server modules the web app bundles reach no Node built-in and no server package', () => {
  // The web app imports catalogues and schemas from src/ (one source of truth); one value import
  // that reaches errors.ts or the database layer drags node:async_hooks into the browser bundle,
  // where the page then fails to start.
  const WEB = join(SRC, '../web/src');
  const webFiles = (function walk(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return walk(path);
      return /\.tsx?$/.test(name) ? [path] : [];
    });
  })(WEB);
  const queue = webFiles.flatMap((file) =>
    valueImports(file)
      .filter((spec) => spec.includes('/src/'))
      .map((spec) => join(file, '..', spec).replace(/\.js$/, '.ts')),
  );
  expect(queue.length).toBeGreaterThan(3);
  const seen = new Set<string>();
  const offending: string[] = [];
  while (queue.length) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of valueImports(file)) {
      if (spec.startsWith('.')) queue.push(join(file, '..', spec).replace(/\.js$/, '.ts'));
      else if (!BROWSER_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`)))
        offending.push(`${relative(SRC, file)} imports ${spec}`);
    }
  }
  expect(offending).toEqual([]);
});

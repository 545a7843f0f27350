// Build step (npm run build): parse the shipped YAML (pattern library, incident rules) once into
// dist/patterns-cache.json and dist/incidents-cache.json. Invalid files are left to the loaders,
// which report them with file, pattern and reason.
import { SHIPPED_INCIDENTS } from '../correlate/rules.js';
import { SHIPPED_CACHES, SHIPPED_PATTERNS, writeShippedCache } from './load.js';

for (const [what, dir, name] of [
  ['pattern', SHIPPED_PATTERNS, SHIPPED_CACHES.patterns],
  ['incident rule', SHIPPED_INCIDENTS, SHIPPED_CACHES.incidents],
] as const) {
  try {
    const n = writeShippedCache(dir, name);
    process.stdout.write(`${what} cache: ${n} files\n`);
  } catch (e) {
    process.stderr.write(`${what} cache not written (${(e as Error).message}); ${what}s will be read from YAML\n`);
  }
}

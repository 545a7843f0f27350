// Build step (npm run build): parse and validate the shipped YAML (pattern library, incident
// rules) once into dist/patterns-cache.json and dist/incidents-cache.json. An invalid file leaves
// no cache: the loaders then read the YAML and report it with file, pattern and reason.
import { SHIPPED_INCIDENTS, validateIncidentFile } from '../correlate/rules.js';
import { SHIPPED_CACHES, SHIPPED_PATTERNS, validatePatternFile, writeShippedCache } from './load.js';

for (const [what, dir, name, validate] of [
  ['pattern', SHIPPED_PATTERNS, SHIPPED_CACHES.patterns, validatePatternFile],
  ['incident rule', SHIPPED_INCIDENTS, SHIPPED_CACHES.incidents, validateIncidentFile],
] as const) {
  try {
    const n = writeShippedCache(dir, name, validate);
    process.stdout.write(`${what} cache: ${n} files\n`);
  } catch (e) {
    process.stderr.write(`${what} cache not written (${(e as Error).message}); ${what}s will be read from YAML\n`);
  }
}

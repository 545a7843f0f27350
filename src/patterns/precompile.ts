// Build step (npm run build): parse the shipped pattern YAML once into dist/patterns-cache.json.
// Invalid files are left to the loader, which reports them with file, pattern and reason.
import { writeShippedCache } from './load.js';

try {
  const n = writeShippedCache();
  process.stdout.write(`pattern cache: ${n} files\n`);
} catch (e) {
  process.stderr.write(`pattern cache not written (${(e as Error).message}); patterns will be read from YAML\n`);
}

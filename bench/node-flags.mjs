// The Node/V8 flags the installed `pvelens` command runs with: read from the shebang of
// bin/pvelens.js (`#!/usr/bin/env -S node <flags>`), so the benchmark measures pvelens the way
// users run it, with one place that says which flags those are.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'bin', 'pvelens.js');
const shebang = fs.readFileSync(BIN, 'utf8').split('\n', 1)[0];
const m = /^#!\/usr\/bin\/env -S node((?: --[\w-]+(?:=\S+)?)*)\s*$/.exec(shebang);
if (!m) throw new Error(`bench: cannot read the node flags from the first line of ${BIN}: ${shebang}`);

export const NODE_FLAGS = m[1].trim().split(/\s+/).filter(Boolean);

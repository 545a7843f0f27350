#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm install` / `npm run build`).
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`pvelens: internal error: ${err && err.message ? err.message : String(err)}\n`);
    if (process.env.PVELENS_DEBUG) process.stderr.write(`${err && err.stack ? err.stack : ''}\n`);
    process.exitCode = 1;
  },
);

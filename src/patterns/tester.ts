// Runs each pattern's own examples (must match, with the expected captures) and near-misses
// (must not match), the way ESLint's RuleTester runs valid/invalid cases.
import { emptyRecord } from '../model.js';
import { captureEquals } from '../match/captures.js';
import { applyPattern, execPattern, MATCH_WINDOW } from '../match/matcher.js';
import type { CompiledPattern } from './compile.js';
import type { Example } from './schema.js';

export interface ExampleFailure {
  file: string;
  patternId: string;
  kind: 'example' | 'near-miss';
  message: string;
  reason: string;
}

function exampleRecord(p: CompiledPattern, ex: Example): { message: string; ident: string | null } {
  const message = typeof ex === 'string' ? ex : ex.message;
  const given = typeof ex === 'string' ? undefined : ex.ident;
  const first = p.identifiers.find((i) => i !== '*') ?? null;
  return { message, ident: given ?? first };
}

export function testPattern(p: CompiledPattern): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  const fail = (kind: ExampleFailure['kind'], message: string, reason: string): void => {
    failures.push({ file: p.file, patternId: p.id, kind, message, reason });
  };
  for (const ex of p.spec.examples) {
    const { message, ident } = exampleRecord(p, ex);
    if (ident !== null && !p.identifiers.includes(ident) && !p.identifiers.includes('*')) {
      fail('example', message, `identifier "${ident}" is not one of the pattern's (${p.identifiers.join(', ')})`);
      continue;
    }
    const record = { ...emptyRecord('<example>', 'untimed'), ident, message };
    const ev = applyPattern(p, record, message.slice(0, MATCH_WINDOW));
    if (!ev) {
      fail('example', message, 'does not match');
      continue;
    }
    if (ev.partial) fail('example', message, 'matches, but a capture does not fit its type');
    const expected = typeof ex === 'string' ? {} : (ex.captures ?? {});
    for (const [name, want] of Object.entries(expected)) {
      const type = p.captureTypes[name];
      if (type === undefined) {
        fail('example', message, `expects capture "${name}", which the regex does not have`);
        continue;
      }
      const got = ev.captures[name];
      const raw = execPattern(p, message)?.groups?.[name];
      if (got === undefined || !captureEquals(type, got as never, raw ?? '', want)) {
        fail('example', message, `capture ${name}: expected ${JSON.stringify(want)}, got ${got === undefined ? 'nothing' : JSON.stringify(raw ?? got)}`);
      }
    }
  }
  for (const ex of p.spec.near_misses ?? []) {
    const { message, ident } = exampleRecord(p, ex);
    const record = { ...emptyRecord('<near-miss>', 'untimed'), ident, message };
    if (applyPattern(p, record, message)) fail('near-miss', message, 'matches, but must not');
  }
  return failures;
}

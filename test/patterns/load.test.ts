import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requiredLiteral } from '../../src/patterns/compile.js';
import { loadPatternFile, loadPatterns } from '../../src/patterns/load.js';
import { testPattern } from '../../src/patterns/tester.js';

const tmp = mkdtempSync(join(tmpdir(), 'pvelens-patterns-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function file(yaml: string): string {
  const path = join(tmp, `p${++n}.yaml`);
  writeFileSync(path, yaml);
  return path;
}

const GOOD = `
subsystem: test
identifiers: [corosync]
patterns:
  - id: test.token
    summary: token lost for {ms} ms
    tag: TOTEM
    regex: 'Token has not been received in (?<ms>\\d+) ms ?$'
    captures: { ms: ms }
    severity: warning
    category: network
    action: corosync-token-timeout
    layer: membership
    examples:
      - message: '  [TOTEM ] Token has not been received in 3712 ms '
        captures: { ms: 3712 }
    near_misses:
      - '  [TOTEM ] Token has not been received in'
`;

describe('loading pattern files', () => {
  it('loads and compiles a valid file, with a literal for the pre-filter', () => {
    const [p] = loadPatternFile(file(GOOD), { checkSafety: true });
    expect(p).toMatchObject({ id: 'test.token', identifiers: ['corosync'], tags: ['TOTEM'], literal: 'Token has not been received in ' });
    expect(testPattern(p!)).toEqual([]);
  });

  const broken: Array<[string, string, RegExp]> = [
    ['a bad regex', GOOD.replace('(?<ms>\\d+)', '(?<ms>\\d+'), /pattern test\.token: bad regex: .*Unterminated group/],
    ['an unknown capture type', GOOD.replace('{ ms: ms }', '{ ms: millis }'), /pattern test\.token: captures\.ms: Invalid option/],
    ['a capture that is not a group', GOOD.replace('{ ms: ms }', '{ ms: ms, nope: int }'), /capture "nope" is not a named group/],
    ['a missing example', GOOD.replace(/ {4}examples:[\s\S]*$/, ''), /pattern test\.token: examples: .*expected array/],
    ['a YAML syntax error', GOOD.replace('severity: warning', 'severity: [warning'), /YAML error at line \d+/],
    ['an unknown field', GOOD.replace('layer: membership', 'layer: membership\n    colour: red'), /pattern test\.token: .*colour/],
  ];
  for (const [what, yaml, message] of broken) {
    it(`stops with the file, the pattern and the reason for ${what}`, () => {
      const path = file(yaml);
      expect(() => loadPatternFile(path, { checkSafety: false })).toThrow(message);
      expect(() => loadPatternFile(path, { checkSafety: false })).toThrow(path);
    });
  }

  it('rejects a duplicate id across files', () => {
    const dir = mkdtempSync(join(tmp, 'dup-'));
    writeFileSync(join(dir, 'a.yaml'), GOOD);
    writeFileSync(join(dir, 'b.yaml'), GOOD);
    expect(() => loadPatterns([dir], { shipped: false })).toThrow(/b\.yaml: pattern test\.token: duplicate id \(also in .*a\.yaml\)/);
  });

  it("rejects a user's regex that can backtrack catastrophically, saying why", () => {
    const evil = GOOD.replace("'Token has not been received in (?<ms>\\d+) ms ?$'", () => "'(?<ms>(a+)+)$'").replace(/ {4}examples:[\s\S]*$/, "    examples: ['[TOTEM ] aaa']\n");
    expect(() => loadPatternFile(file(evil), { checkSafety: true })).toThrow(/backtrack catastrophically: exponential/);
    const quadratic = GOOD.replace("'Token has not been received in (?<ms>\\d+) ms ?$'", () => "'(?<ms>\\d*)\\d*x'").replace('    captures: { ms: ms }\n', '').replace(/ {4}examples:[\s\S]*$/, "    search: true\n    examples: ['[TOTEM ] 1x']\n");
    expect(() => loadPatternFile(file(quadratic), { checkSafety: true })).toThrow(/backtrack catastrophically: polynomial/);
  });

  it('reports example failures: no match, wrong capture, matching near-miss', () => {
    const yaml = GOOD.replace('captures: { ms: 3712 }', 'captures: { ms: 1000 }').replace("- '  [TOTEM ] Token has not been received in'", "- '[TOTEM ] Token has not been received in 5 ms'").replace(
      "      - message: '  [TOTEM ] Token",
      "      - '[TOTEM ] Something else'\n      - message: '  [TOTEM ] Token",
    );
    const [p] = loadPatternFile(file(yaml), { checkSafety: false });
    expect(testPattern(p!).map((f) => [f.kind, f.reason])).toEqual([
      ['example', 'does not match'],
      ['example', 'capture ms: expected 1000, got "3712"'],
      ['near-miss', 'matches, but must not'],
    ]);
  });
});

describe('the literal the pre-filter looks for', () => {
  it.each([
    ['Token has not been received in (?<ms>\\d+) ms ?$', 'Token has not been received in '],
    ['A processor failed, forming new configuration(?:: token timed out)?', 'A processor failed, forming new configuration'],
    ['(?:rx|heartbeat): host: (?<h>\\d+) link: (?<l>\\d+) is up$', ': host: '],
    ['crit: cpg_send_message failed: (?<code>\\w+)$', 'crit: cpg_send_message failed: '],
    ['lost lock \'(?<lock>[^\']+)', "lost lock '"],
    ['a|b', null],
    ['(?<x>\\d+)', null],
    ['colou?r is set', 'r is set'],
  ])('%s → %s', (source, literal) => {
    expect(requiredLiteral(source)).toBe(literal);
  });
});

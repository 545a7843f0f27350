// `pvelens kibana-assets`: the Kibana saved objects are checked structurally (there is no Kibana
// to import them into here): NDJSON shape, unique ids, resolvable references, nested JSON
// strings, panel reference naming, dashboard layout, and that every field they name is one our
// templates map (keyword for the count tables' terms aggregations).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventsDataViewTitle, kibanaAssets, kibanaIds, kibanaNdjson, SAVED_OBJECT_TYPES, SEARCH_INDEX_REF, TABLE_TERMS_SIZE, type SavedObject } from '../../src/es/kibana.js';
import { eventIndexName, eventStreamName, incidentIndexName, mappedFields } from '../../src/es/templates.js';
import { REPO } from '../helpers.js';

const BIN = join(REPO, 'bin', 'pvelens.js');
const tmp = mkdtempSync(join(tmpdir(), 'pvelens-kibana-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const FIELDS = mappedFields();

/** Field names in a KQL query: the `field :` / `field <=` (and < > >=) forms. */
function kqlFields(query: string): string[] {
  return [...query.matchAll(/([@A-Za-z_][\w.@]*)\s*(?::|<=|>=|<|>)/g)].map((m) => m[1]!);
}

function parseNdjson(text: string): SavedObject[] {
  return text
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l) as SavedObject);
}

function attr<T>(o: SavedObject, key: string): T {
  return o.attributes[key] as T;
}

function searchSource(o: SavedObject): { query: { query: string; language: string }; filter: unknown[]; indexRefName?: string } {
  const meta = attr<{ searchSourceJSON: unknown }>(o, 'kibanaSavedObjectMeta');
  expect(typeof meta.searchSourceJSON).toBe('string');
  return JSON.parse(meta.searchSourceJSON as string);
}

interface Panel {
  type: string;
  panelIndex: string;
  gridData: { x: number; y: number; w: number; h: number; i: string };
  embeddableConfig: unknown;
  panelRefName: string;
}

function panels(o: SavedObject): Panel[] {
  const p = attr<unknown>(o, 'panelsJSON');
  expect(typeof p).toBe('string');
  return JSON.parse(p as string) as Panel[];
}

type Rect = Panel['gridData'];

/** Pairs of panels whose grid rectangles share any cell. */
function overlaps(rects: Rect[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [i, a] of rects.entries()) {
    for (const b of rects.slice(i + 1)) {
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) out.push([a.i, b.i]);
    }
  }
  return out;
}

interface Agg {
  id: string;
  enabled: boolean;
  type: string;
  schema: string;
  params: Record<string, unknown>;
}

interface VisState {
  title: string;
  type: string;
  params: Record<string, unknown>;
  aggs: Agg[];
}

function visState(o: SavedObject): VisState {
  const v = attr<unknown>(o, 'visState');
  expect(typeof v, `${o.id}: visState is a JSON string`).toBe('string');
  return JSON.parse(v as string) as VisState;
}

describe.each(['default', 'prod2'])('kibana assets, namespace %s', (ns) => {
  const text = kibanaNdjson(ns);
  const objects = parseNdjson(text);
  const byId = new Map(objects.map((o) => [`${o.type}/${o.id}`, o]));
  const ofType = (t: string) => objects.filter((o) => o.type === t);

  it('is NDJSON: one JSON object per line, ending with a newline, no version fields', () => {
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    for (const line of text.slice(0, -1).split('\n')) {
      const o = JSON.parse(line);
      expect(Object.keys(o).sort()).toEqual(['attributes', 'id', 'references', 'type']);
    }
    expect(objects).toEqual(kibanaAssets(ns));
  });

  it('has unique ids that carry the namespace, and only known types', () => {
    const ids = objects.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of objects) {
      expect(SAVED_OBJECT_TYPES).toContain(o.type);
      expect(o.id.endsWith(`-${ns}`)).toBe(true);
    }
    expect(ofType('index-pattern')).toHaveLength(2);
    expect(ofType('search').length).toBeGreaterThanOrEqual(2);
    expect(ofType('dashboard')).toHaveLength(1);
    expect(ids).toContain(`pvelens-events-${ns}`);
  });

  it('resolves every reference to an object of the right type in the file, listed before it', () => {
    for (const [i, o] of objects.entries()) {
      const names = o.references.map((r) => r.name);
      expect(new Set(names).size).toBe(names.length);
      for (const r of o.references) {
        const target = byId.get(`${r.type}/${r.id}`);
        expect(target, `${o.id} → ${r.type}/${r.id}`).toBeDefined();
        expect(objects.indexOf(target!)).toBeLessThan(i);
      }
    }
  });

  it('has data views whose titles are the index and data stream names pvelens writes', () => {
    const events = byId.get(`index-pattern/${kibanaIds(ns).eventsView}`)!;
    const incidents = byId.get(`index-pattern/${kibanaIds(ns).incidentsView}`)!;
    for (const v of [events, incidents]) {
      expect(attr(v, 'timeFieldName')).toBe('@timestamp');
      expect(attr(v, 'fields')).toBe('[]');
      expect(JSON.parse(attr<string>(v, 'fields'))).toEqual([]);
      expect(FIELDS.get('@timestamp')).toMatch(/^date/);
    }
    expect(attr(events, 'name')).toBe(`pvelens events (${ns})`);
    expect(attr(incidents, 'title')).toBe(incidentIndexName(ns));
    const parts = attr<string>(events, 'title').split(',');
    expect(parts[0]).toBe(eventStreamName(ns));
    expect(parts).toHaveLength(2);
    // The wildcard part matches every fallback index, monthly and untimed, and no other namespace's.
    const glob = new RegExp(`^${parts[1]!.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    expect(glob.test(eventIndexName(ns, Date.UTC(2026, 2, 1) * 1000))).toBe(true);
    expect(glob.test(eventIndexName(ns, null))).toBe(true);
    expect(glob.test(eventIndexName(`${ns}x`, null))).toBe(false);
    expect(glob.test(incidentIndexName(ns))).toBe(false);
    expect(eventsDataViewTitle(ns)).toBe(attr(events, 'title'));
  });

  it('has saved searches with the indexRefName convention, mapped columns, sort and KQL fields', () => {
    for (const s of ofType('search')) {
      const src = searchSource(s);
      expect(src.indexRefName).toBe(SEARCH_INDEX_REF);
      expect(src).not.toHaveProperty('index');
      expect(src.query.language).toBe('kuery');
      expect(src.filter).toEqual([]);
      const ref = s.references.find((r) => r.name === SEARCH_INDEX_REF);
      expect(ref?.type).toBe('index-pattern');
      const columns = attr<string[]>(s, 'columns');
      expect(columns.length).toBeGreaterThan(0);
      const sort = attr<unknown[]>(s, 'sort');
      expect(sort.length).toBeGreaterThan(0);
      const used = [...columns, ...kqlFields(src.query.query)];
      for (const pair of sort) {
        expect(Array.isArray(pair) && pair.length === 2).toBe(true);
        const [field, dir] = pair as [string, string];
        expect(['asc', 'desc']).toContain(dir);
        used.push(field);
        // sorting needs doc values: not on a text field
        expect(FIELDS.get(field), field).not.toBe('text');
      }
      const breakdown = attr<string | undefined>(s, 'breakdownField');
      if (breakdown !== undefined) {
        used.push(breakdown);
        expect(FIELDS.get(breakdown), breakdown).toBe('keyword');
      }
      for (const f of used) expect(FIELDS.has(f), `${s.id}: field ${f} is not in the templates`).toBe(true);
    }
  });

  it('has the incidents and warning-events searches the dashboard is built from', () => {
    const ids = kibanaIds(ns);
    const inc = byId.get(`search/${ids.incidentsSearch}`)!;
    expect(attr(inc, 'title')).toMatch(/^pvelens incidents/);
    expect(attr(inc, 'columns')).toEqual(expect.arrayContaining(['pvelens.incident.type', 'pvelens.incident.severity', 'pvelens.incident.nodes', 'pvelens.incident.duration_s', 'pvelens.incident.root_cause.text']));
    expect(attr(inc, 'sort')).toEqual([['@timestamp', 'desc']]);
    expect(inc.references[0]!.id).toBe(ids.incidentsView);
    const ev = byId.get(`search/${ids.eventsSearch}`)!;
    expect(attr(ev, 'columns')).toEqual(['host.name', 'log.level', 'rule.id', 'event.action', 'message']);
    expect(searchSource(ev).query.query).toBe('event.severity <= 4');
    expect(ev.references[0]!.id).toBe(ids.eventsView);
  });

  it('has a dashboard whose panels reference saved searches as <panelIndex>:<panelRefName>', () => {
    const d = ofType('dashboard')[0]!;
    expect(attr(d, 'title')).toMatch(/^pvelens: Proxmox incidents/);
    const options = JSON.parse(attr<string>(d, 'optionsJSON'));
    expect(options).toMatchObject({ useMargins: true });
    const src = searchSource(d);
    expect(src.query).toEqual({ query: '', language: 'kuery' });
    const ps = panels(d);
    expect(ps.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ps.map((p) => p.panelIndex)).size).toBe(ps.length);
    for (const p of ps) {
      expect(p.gridData.i).toBe(p.panelIndex);
      expect(p.gridData.x + p.gridData.w).toBeLessThanOrEqual(48);
      expect(p).not.toHaveProperty('id');
      const ref = d.references.find((r) => r.name === `${p.panelIndex}:${p.panelRefName}`);
      expect(ref, `panel ${p.panelIndex}`).toBeDefined();
      expect(ref!.type).toBe(p.type);
    }
    expect(d.references).toHaveLength(ps.length);
    const searchIds = d.references.filter((r) => r.type === 'search').map((r) => r.id);
    const ids = kibanaIds(ns);
    expect(searchIds).toEqual(expect.arrayContaining([ids.incidentsSearch, ids.incidentsByTypeSearch, ids.incidentsByNodeSearch, ids.eventsSearch]));
    // incidents grouped per type and per node in Discover
    const breakdowns = searchIds.map((id) => attr(byId.get(`search/${id}`)!, 'breakdownField'));
    expect(breakdowns).toEqual(expect.arrayContaining(['pvelens.incident.type', 'pvelens.incident.nodes']));
  });

  it('has count tables: aggregation-based `table` visualizations with a count and keyword terms buckets', () => {
    const vis = ofType('visualization');
    expect(vis.length).toBeGreaterThanOrEqual(2);
    for (const v of vis) {
      expect(Object.keys(v.attributes).sort()).toEqual(['description', 'kibanaSavedObjectMeta', 'title', 'uiStateJSON', 'version', 'visState']);
      expect(attr(v, 'version')).toBe(1);
      expect(attr(v, 'description')).toBe('');
      expect(attr(v, 'uiStateJSON')).toBe('{}');
      const state = visState(v);
      expect(state.type).toBe('table');
      expect(state.title).toBe(attr(v, 'title'));
      expect(state.params).toMatchObject({ perPage: 20, showPartialRows: false, showMetricsAtAllLevels: false, showTotal: true, totalFunc: 'sum' });
      // one count metric first, then at least one bucket; agg ids unique
      expect(state.aggs[0]).toEqual({ id: '1', enabled: true, type: 'count', params: {}, schema: 'metric' });
      expect(new Set(state.aggs.map((a) => a.id)).size).toBe(state.aggs.length);
      const buckets = state.aggs.slice(1);
      expect(buckets.length).toBeGreaterThan(0);
      for (const a of buckets) {
        expect(a).toMatchObject({ enabled: true, type: 'terms', schema: 'bucket' });
        expect(a.params).toMatchObject({ orderBy: '1', order: 'desc', size: TABLE_TERMS_SIZE, otherBucket: false, missingBucket: false });
        const field = a.params.field as string;
        expect(FIELDS.has(field), `${v.id}: field ${field} is not in the templates`).toBe(true);
        // terms aggregations need doc values: keyword, not text
        expect(FIELDS.get(field), `${v.id}: ${field}`).toBe('keyword');
      }
      const src = searchSource(v);
      expect(src.indexRefName).toBe(SEARCH_INDEX_REF);
      expect(src).not.toHaveProperty('index');
      expect(src.query.language).toBe('kuery');
      expect(src.filter).toEqual([]);
      for (const f of kqlFields(src.query.query)) expect(FIELDS.has(f), `${v.id}: KQL field ${f} is not in the templates`).toBe(true);
      expect(v.references).toHaveLength(1);
      expect(v.references[0]).toMatchObject({ name: SEARCH_INDEX_REF, type: 'index-pattern' });
      expect(byId.get(`index-pattern/${v.references[0]!.id}`), `${v.id}: data view`).toBeDefined();
    }
  });

  it('counts incidents per type and per node, and warning events per rule and host, on the right data views', () => {
    const ids = kibanaIds(ns);
    const expected: Array<[string, string, string[], string]> = [
      [ids.incidentsPerTypeVis, ids.incidentsView, ['pvelens.incident.type'], ''],
      [ids.incidentsPerNodeVis, ids.incidentsView, ['pvelens.incident.nodes'], ''],
      [ids.eventsPerRuleHostVis, ids.eventsView, ['rule.id', 'host.name'], 'event.severity <= 4'],
    ];
    for (const [id, view, fields, query] of expected) {
      const v = byId.get(`visualization/${id}`);
      expect(v, id).toBeDefined();
      expect(v!.references[0]!.id, `${id}: data view`).toBe(view);
      expect(visState(v!).aggs.slice(1).map((a) => a.params.field)).toEqual(fields);
      expect(searchSource(v!).query.query).toBe(query);
    }
    expect(attr(byId.get(`visualization/${ids.incidentsPerTypeVis}`)!, 'title')).toMatch(/^pvelens incidents per type/);
    expect(attr(byId.get(`visualization/${ids.incidentsPerNodeVis}`)!, 'title')).toMatch(/^pvelens incidents per node/);
  });

  it('puts the count tables on the dashboard beside the incident timeline, with no overlapping panels', () => {
    const ids = kibanaIds(ns);
    const d = ofType('dashboard')[0]!;
    const ps = panels(d);
    const refOf = (p: Panel) => d.references.find((r) => r.name === `${p.panelIndex}:${p.panelRefName}`)!;
    const visPanels = ps.filter((p) => p.type === 'visualization');
    expect(visPanels.map((p) => refOf(p).id).sort()).toEqual([ids.eventsPerRuleHostVis, ids.incidentsPerNodeVis, ids.incidentsPerTypeVis].sort());
    for (const p of ps) {
      expect(p.panelRefName).toBe(`panel_${p.panelIndex}`);
      const ref = refOf(p);
      expect(ref.type).toBe(p.type);
      expect(byId.get(`${ref.type}/${ref.id}`), `panel ${p.panelIndex} → ${ref.type}/${ref.id}`).toBeDefined();
      const g = p.gridData;
      for (const n of [g.x, g.y, g.w, g.h]) expect(Number.isInteger(n)).toBe(true);
      expect(g.x).toBeGreaterThanOrEqual(0);
      expect(g.y).toBeGreaterThanOrEqual(0);
      expect(g.w).toBeGreaterThan(0);
      expect(g.h).toBeGreaterThan(0);
      expect(g.x + g.w).toBeLessThanOrEqual(48);
    }
    expect(overlaps(ps.map((p) => p.gridData))).toEqual([]);
    // the per-type and per-node tables sit in the timeline's rows, to its right
    const timeline = ps.find((p) => refOf(p).id === ids.incidentsSearch)!.gridData;
    for (const id of [ids.incidentsPerTypeVis, ids.incidentsPerNodeVis]) {
      const g = visPanels.find((p) => refOf(p).id === id)!.gridData;
      expect(g.x).toBeGreaterThanOrEqual(timeline.x + timeline.w);
      expect(g.y).toBeGreaterThanOrEqual(timeline.y);
      expect(g.y + g.h).toBeLessThanOrEqual(timeline.y + timeline.h);
    }
  });
});

describe('kibana assets across namespaces', () => {
  it('gives every namespace its own ids and index names', () => {
    const a = kibanaAssets('default').map((o) => o.id);
    const b = kibanaAssets('prod2').map((o) => o.id);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect(kibanaNdjson('prod2')).not.toContain('-default');
  });

  it('detects overlapping grid rectangles, and only those', () => {
    const r = (i: string, x: number, y: number, w: number, h: number): Rect => ({ x, y, w, h, i });
    expect(overlaps([r('1', 0, 0, 24, 15), r('2', 24, 0, 24, 15), r('3', 0, 15, 48, 15)])).toEqual([]);
    expect(overlaps([r('1', 0, 0, 32, 20), r('2', 31, 0, 16, 10)])).toEqual([['1', '2']]);
    expect(overlaps([r('1', 0, 0, 48, 15), r('2', 10, 14, 5, 5)])).toEqual([['1', '2']]);
    expect(overlaps([r('1', 10, 10, 5, 5), r('2', 0, 0, 48, 48)])).toEqual([['1', '2']]);
  });

  it('finds the fields of the KQL forms it is meant to', () => {
    expect(kqlFields('event.severity <= 4 and host.name : "pve1" or not rule.id:x')).toEqual(['event.severity', 'host.name', 'rule.id']);
  });
});

describe('pvelens kibana-assets', () => {
  it('prints the NDJSON on stdout', () => {
    const r = run(['kibana-assets']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(kibanaNdjson('default'));
  });

  it('writes a .ndjson file for a namespace', () => {
    const file = join(tmp, 'pvelens-kibana.ndjson');
    const r = run(['kibana-assets', '--namespace', 'prod2', '-o', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(kibanaNdjson('prod2'));
    expect(r.stderr).toContain(file);
  });

  it('rejects a bad namespace with exit code 2, naming the option', () => {
    const r = run(['kibana-assets', '--namespace', 'Prod-1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--namespace "Prod-1": must be lower case/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an output file that does not end in .ndjson with exit code 2', () => {
    const file = join(tmp, 'assets.json');
    const r = run(['kibana-assets', '-o', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/must end in \.ndjson/);
    expect(r.stderr).toContain(file);
    expect(existsSync(file)).toBe(false);
  });
});

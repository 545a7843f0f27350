// Where pvelens documents go in Elasticsearch, and the templates that map them.
//
//   events     data stream  logs-pvelens.events-<namespace>          (op create, _id = event.id)
//              or, where data streams cannot be used, monthly indices
//                           pvelens-events-<namespace>-<yyyy.mm>     (from the event's own time)
//              events without a time (pasted excerpts) always go to
//                           pvelens-events-<namespace>-untimed       (a data stream needs @timestamp)
//   incidents  index        pvelens-incidents-<namespace>            (op index, _id = incident id)
//
// Mappings are explicit and use only core field types that every 8.x and 9.x node has (no
// constant_keyword, wildcard or match_only_text: those are x-pack). Free-form parts (pattern
// captures, annotations, incident details and keys) are `flattened`, so a new capture name never
// adds a field to the mapping. Each index template composes our component templates plus an
// optional `<template>@custom` hook the user may create for their own settings (ILM policy,
// replicas, extra fields).
import type { Client } from '@elastic/elasticsearch';

/** Bump when a mapping changes: templates with an older version are replaced on start. */
export const TEMPLATE_VERSION = 2;
const META = { managed_by: 'pvelens', description: 'installed by pvelens; see its README "Shipping to Elasticsearch"' };

export type EsMode = 'data-stream' | 'index';

export interface EsTargets {
  namespace: string;
  mode: EsMode;
  /** Data stream (mode data-stream) or index prefix (mode index) for timed events. */
  eventsFor(tsUs: number | null): string;
  incidents: string;
}

/** The rules for the namespace part of a data stream name (ECS data_stream.namespace). */
export function namespaceProblem(ns: string): string | null {
  if (ns.length === 0 || ns.length > 100) return 'must be 1 to 100 characters';
  if (ns !== ns.toLowerCase()) return 'must be lower case';
  if (/[-\\/*?"<>|,# :]/.test(ns)) return 'must not contain - \\ / * ? " < > | , # : or spaces';
  if (ns.startsWith('_') || ns.startsWith('.') || ns.startsWith('+')) return 'must not start with _ . or +';
  return null;
}

export const EVENTS_DATASET = 'pvelens.events';
export const INCIDENTS_DATASET = 'pvelens.incidents';

export function eventStreamName(ns: string): string {
  return `logs-${EVENTS_DATASET}-${ns}`;
}

export function incidentIndexName(ns: string): string {
  return `pvelens-incidents-${ns}`;
}

export function eventIndexName(ns: string, tsUs: number | null): string {
  if (tsUs === null) return `pvelens-events-${ns}-untimed`;
  const d = new Date(Math.floor(tsUs / 1000));
  return `pvelens-events-${ns}-${d.getUTCFullYear()}.${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function targets(ns: string, mode: EsMode): EsTargets {
  const stream = eventStreamName(ns);
  return {
    namespace: ns,
    mode,
    eventsFor: (ts) => (mode === 'data-stream' && ts !== null ? stream : eventIndexName(ns, ts)),
    incidents: incidentIndexName(ns),
  };
}

/* ------------------------------------------------------------------------------------------
 * Mappings
 * ---------------------------------------------------------------------------------------- */

type Mapping = Record<string, unknown>;
const keyword: Mapping = { type: 'keyword', ignore_above: 1024 };
const long: Mapping = { type: 'long' };
const bool: Mapping = { type: 'boolean' };
/** Microsecond timestamps keep their order; date_nanos is core since 7.0. */
const time: Mapping = { type: 'date_nanos' };
const text: Mapping = { type: 'text' };
const textWithKeyword: Mapping = { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 1024 } } };
const flattened: Mapping = { type: 'flattened', ignore_above: 1024 };
const obj = (properties: Record<string, Mapping>): Mapping => ({ properties });

/** A file:line reference (incident evidence). */
const sourceRef = obj({ file: keyword, line: long, offset: long, host: keyword, '@timestamp': time, event_id: keyword });

/** ECS fields both kinds of document use. */
export const ECS_PROPERTIES: Record<string, Mapping> = {
  '@timestamp': time,
  message: text,
  host: obj({ name: keyword, boot: obj({ id: keyword }) }),
  log: obj({
    level: keyword,
    file: obj({ path: keyword }),
    offset: long,
    syslog: obj({
      appname: keyword,
      priority: long,
      severity: obj({ code: long, name: keyword }),
      facility: obj({ code: long }),
    }),
  }),
  process: obj({ pid: long }),
  systemd: obj({ unit: keyword }),
  event: obj({
    kind: keyword,
    id: keyword,
    module: keyword,
    dataset: keyword,
    category: keyword,
    type: keyword,
    action: keyword,
    severity: long,
    reason: keyword,
    start: time,
    end: time,
    duration: long,
  }),
  rule: obj({ id: keyword, ruleset: keyword }),
};

export const EVENT_PROPERTIES: Record<string, Mapping> = {
  pvelens: obj({
    format: keyword,
    source: obj({ input: keyword, line: long, offset: long, cursor: { type: 'keyword', index: false, doc_values: false } }),
    time: obj({ precision: keyword, untimed: bool, monotonic_us: long }),
    boot: obj({ new: bool }),
    flags: keyword,
    severity: keyword,
    layer: keyword,
    summary: textWithKeyword,
    fingerprint: keyword,
    captures: flattened,
    annotations: flattened,
    partial: bool,
  }),
};

export const INCIDENT_PROPERTIES: Record<string, Mapping> = {
  pvelens: obj({
    incident: obj({
      id: keyword,
      type: keyword,
      title: keyword,
      severity: keyword,
      scope: keyword,
      nodes: keyword,
      subjects: keyword,
      start: time,
      end: time,
      open: bool,
      duration_s: { type: 'double' },
      root_cause: obj({ text: textWithKeyword, layer: keyword, rule_id: keyword, node: keyword, confidence: keyword, evidence: sourceRef }),
      evidence: sourceRef,
      events: obj({
        phase: keyword,
        rule_id: keyword,
        severity: keyword,
        layer: keyword,
        summary: text,
        count: long,
        host: keyword,
        first: time,
        last: time,
        source: sourceRef,
      }),
      gaps: obj({ host: keyword, from: time, to: time }),
      next_checks: text,
      key: flattened,
      truncated: long,
      details: flattened,
    }),
  }),
};

/** Strings we did not foresee become keywords (not text + keyword: half the index size). */
const DYNAMIC = [{ strings_as_keyword: { match_mapping_type: 'string', mapping: { type: 'keyword', ignore_above: 1024 } } }];

interface ComponentTemplate {
  name: string;
  template: Record<string, unknown>;
}

interface IndexTemplate {
  name: string;
  index_patterns: string[];
  data_stream?: Record<string, never>;
  priority: number;
  composed_of: string[];
  /** The @custom hook, left out of composed_of on servers before 8.7 (no ignore_missing). */
  custom: string;
}

export function componentTemplates(serverMajor: number): ComponentTemplate[] {
  // ES 9 puts new logs-*-* data streams in logsdb mode (synthetic _source may reorder arrays);
  // the documents must read back exactly as printed, so ask for the standard mode there.
  const settings: Record<string, unknown> = { 'index.number_of_shards': 1, 'index.mapping.total_fields.limit': 2000, 'index.mapping.ignore_malformed': true };
  if (serverMajor >= 9) settings['index.mode'] = 'standard';
  return [
    { name: 'pvelens-settings', template: { settings } },
    { name: 'pvelens-ecs-mappings', template: { mappings: { dynamic: true, date_detection: false, dynamic_templates: DYNAMIC, properties: ECS_PROPERTIES } } },
    { name: 'pvelens-events-mappings', template: { mappings: { properties: EVENT_PROPERTIES } } },
    { name: 'pvelens-incidents-mappings', template: { mappings: { properties: INCIDENT_PROPERTIES } } },
  ];
}

export function indexTemplates(): IndexTemplate[] {
  const events = ['pvelens-settings', 'pvelens-ecs-mappings', 'pvelens-events-mappings'];
  return [
    // Above Elastic's built-in logs-*-* (100) and Fleet's (up to 200): user templates > 500.
    { name: `logs-${EVENTS_DATASET}`, index_patterns: [`logs-${EVENTS_DATASET}-*`], data_stream: {}, priority: 501, composed_of: events, custom: `logs-${EVENTS_DATASET}@custom` },
    { name: 'pvelens-events', index_patterns: ['pvelens-events-*'], priority: 501, composed_of: events, custom: 'pvelens-events@custom' },
    {
      name: 'pvelens-incidents',
      index_patterns: ['pvelens-incidents-*'],
      priority: 501,
      composed_of: ['pvelens-settings', 'pvelens-ecs-mappings', 'pvelens-incidents-mappings'],
      custom: 'pvelens-incidents@custom',
    },
  ];
}

/** Every field path the templates map (for checks such as "the Kibana assets use real fields"). */
export function mappedFields(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (props: Record<string, Mapping>, prefix: string): void => {
    for (const [k, m] of Object.entries(props)) {
      const path = prefix + k;
      if (m.properties) walk(m.properties as Record<string, Mapping>, path + '.');
      else {
        out.set(path, m.type as string);
        for (const [sub, sm] of Object.entries((m.fields as Record<string, Mapping> | undefined) ?? {})) out.set(`${path}.${sub}`, sm.type as string);
      }
    }
  };
  walk(ECS_PROPERTIES, '');
  walk(EVENT_PROPERTIES, '');
  walk(INCIDENT_PROPERTIES, '');
  return out;
}

export interface TemplateSetup {
  installed: string[];
  current: string[];
}

/** A parsed x.y version; 0.0 when unknown. */
export function parseVersion(v: string | undefined): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/**
 * Put our templates where they are missing or older than TEMPLATE_VERSION; leave current ones
 * (and anything the user changed in an @custom hook) alone. Safe to run on every start.
 */
export async function installTemplates(client: Client, version: [number, number]): Promise<TemplateSetup> {
  const result: TemplateSetup = { installed: [], current: [] };
  const [major, minor] = version;
  const ignoreMissing = major > 8 || (major === 8 && minor >= 7);
  for (const c of componentTemplates(major)) {
    const existing = await client.cluster.getComponentTemplate({ name: c.name }, { ignore: [404] });
    const found = existing.component_templates?.find((t) => t.name === c.name);
    if (found && (found.component_template.version ?? 0) >= TEMPLATE_VERSION) {
      result.current.push(c.name);
      continue;
    }
    await client.cluster.putComponentTemplate({ name: c.name, version: TEMPLATE_VERSION, _meta: META, template: c.template });
    result.installed.push(c.name);
  }
  for (const t of indexTemplates()) {
    const existing = await client.indices.getIndexTemplate({ name: t.name }, { ignore: [404] });
    const found = existing.index_templates?.find((x) => x.name === t.name);
    if (found && (found.index_template.version ?? 0) >= TEMPLATE_VERSION) {
      result.current.push(t.name);
      continue;
    }
    await client.indices.putIndexTemplate({
      name: t.name,
      index_patterns: t.index_patterns,
      ...(t.data_stream ? { data_stream: {} } : {}),
      priority: t.priority,
      version: TEMPLATE_VERSION,
      _meta: META,
      composed_of: ignoreMissing ? [...t.composed_of, t.custom] : t.composed_of,
      ...(ignoreMissing ? { ignore_missing_component_templates: [t.custom] } : {}),
    });
    result.installed.push(t.name);
  }
  return result;
}

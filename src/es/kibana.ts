// Kibana saved objects for the documents pvelens ships (`pvelens kibana-assets`): two data
// views, four saved searches, three count tables and one dashboard, as the NDJSON that Kibana's
// saved objects import API (and Stack Management → Saved objects → Import) reads.
//
// Portability (see the README "Kibana dashboards"): the objects carry no coreMigrationVersion /
// typeMigrationVersion / migrationVersion, so Kibana treats them as outdated and runs every
// migration of their type on import. That is what lets one file import into 8.x and 9.x (a
// typeMigrationVersion newer than the target Kibana would be refused), and it is also why only
// object shapes that survive those migrations unchanged are used here:
//   - data views: title, name, timeFieldName, fields "[]";
//   - saved searches: searchSourceJSON with indexRefName (the 7.0 migration only rewrites an
//     inline `index`), sort as nested pairs (the 7.4 migration only rewrites a flat pair);
//   - count tables: aggregation-based visualizations of vis type `table` (visState as a JSON
//     string, searchSourceJSON with indexRefName, no savedSearchRefName). This legacy shape
//     has been the same from 7.x to 9.x, and the visualization migrations are written for
//     exactly this shape, so running all of them on a version-less object is their normal case;
//   - the dashboard: by-reference `search` and `visualization` panels with gridData, no
//     `version` and no `id` in the panel (the 7.0 and 7.3 migrations leave such panels alone).
// No Lens objects. Lens state is version-specific and its migrations assume the shape of the
// Kibana that wrote it: e.g. the 7.11 Lens migration reads `state.datasourceStates.indexpattern`,
// which a current (8.6+, `formBased`) state does not have, so a version-less modern Lens object
// would fail to migrate. The aggregation-based editor is a legacy editor (Elastic recommends
// Lens for new charts), but saved `table` visualizations still import and render.
import { eventIndexName, eventStreamName, incidentIndexName } from './templates.js';

export type SavedObjectType = 'index-pattern' | 'search' | 'visualization' | 'dashboard';
export const SAVED_OBJECT_TYPES: readonly SavedObjectType[] = ['index-pattern', 'search', 'visualization', 'dashboard'];

export interface SavedObjectReference {
  name: string;
  type: SavedObjectType;
  id: string;
}

export interface SavedObject {
  type: SavedObjectType;
  id: string;
  attributes: Record<string, unknown>;
  references: SavedObjectReference[];
}

/** The reference name a saved search or visualization uses for its data view (Kibana's indexRefName convention). */
export const SEARCH_INDEX_REF = 'kibanaSavedObjectMeta.searchSourceJSON.index';

/** Stable ids: importing twice with overwrite=true replaces, and namespaces do not collide. */
export function kibanaIds(ns: string) {
  return {
    eventsView: `pvelens-events-${ns}`,
    incidentsView: `pvelens-incidents-${ns}`,
    incidentsSearch: `pvelens-incidents-search-${ns}`,
    incidentsByTypeSearch: `pvelens-incidents-by-type-${ns}`,
    incidentsByNodeSearch: `pvelens-incidents-by-node-${ns}`,
    eventsSearch: `pvelens-events-search-${ns}`,
    incidentsPerTypeVis: `pvelens-incidents-per-type-${ns}`,
    incidentsPerNodeVis: `pvelens-incidents-per-node-${ns}`,
    eventsPerRuleHostVis: `pvelens-events-per-rule-host-${ns}`,
    dashboard: `pvelens-dashboard-${ns}`,
  };
}

/**
 * The events data view covers the data stream and the fallback monthly indices (plus the
 * `-untimed` one, whose documents have no @timestamp and so never show in a time range).
 * A comma-separated list is a valid data view title.
 */
export function eventsDataViewTitle(ns: string): string {
  const fallback = eventIndexName(ns, null).replace(/untimed$/, '*');
  return `${eventStreamName(ns)},${fallback}`;
}

export function incidentsDataViewTitle(ns: string): string {
  return incidentIndexName(ns);
}

interface SearchSpec {
  id: string;
  title: string;
  description: string;
  dataView: string;
  columns: string[];
  sort: Array<[string, 'asc' | 'desc']>;
  /** KQL. */
  query: string;
  breakdownField?: string;
}

function dataView(id: string, title: string, name: string): SavedObject {
  return {
    type: 'index-pattern',
    id,
    attributes: { title, name, timeFieldName: '@timestamp', fields: '[]' },
    references: [],
  };
}

function search(s: SearchSpec): SavedObject {
  const searchSource = {
    query: { query: s.query, language: 'kuery' },
    filter: [],
    indexRefName: SEARCH_INDEX_REF,
  };
  return {
    type: 'search',
    id: s.id,
    attributes: {
      title: s.title,
      description: s.description,
      columns: s.columns,
      sort: s.sort,
      grid: {},
      hideChart: false,
      isTextBasedQuery: false,
      ...(s.breakdownField ? { breakdownField: s.breakdownField } : {}),
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify(searchSource) },
    },
    references: [{ name: SEARCH_INDEX_REF, type: 'index-pattern', id: s.dataView }],
  };
}

/**
 * A Discover search over the incidents sorted and split by one field (the histogram breaks down
 * by it): the field first, then the other columns.
 */
function incidentsGroupedBy(id: string, title: string, description: string, dataView: string, field: string, others: string[]): SavedObject {
  return search({
    id,
    title,
    description,
    dataView,
    columns: [field, ...others],
    sort: [
      [field, 'asc'],
      ['@timestamp', 'desc'],
    ],
    query: '',
    breakdownField: field,
  });
}

interface TableSpec {
  id: string;
  title: string;
  dataView: string;
  /** KQL. */
  query: string;
  /** Terms buckets, outermost first (keyword fields: terms aggregations need doc values). */
  terms: string[];
}

/** The number of terms a count table shows per bucket level. */
export const TABLE_TERMS_SIZE = 50;

/**
 * An aggregation-based data table (vis type `table`): a count metric split into rows by terms
 * buckets, largest count first. visState and searchSourceJSON are JSON strings, as Kibana stores them.
 */
function countTable(t: TableSpec): SavedObject {
  const visState = {
    title: t.title,
    type: 'table',
    params: { perPage: 20, showPartialRows: false, showMetricsAtAllLevels: false, showTotal: true, totalFunc: 'sum', percentageCol: '' },
    aggs: [
      { id: '1', enabled: true, type: 'count', params: {}, schema: 'metric' },
      ...t.terms.map((field, i) => ({
        id: String(i + 2),
        enabled: true,
        type: 'terms',
        params: { field, orderBy: '1', order: 'desc', size: TABLE_TERMS_SIZE, otherBucket: false, missingBucket: false },
        schema: 'bucket',
      })),
    ],
  };
  const searchSource = { query: { query: t.query, language: 'kuery' }, filter: [], indexRefName: SEARCH_INDEX_REF };
  return {
    type: 'visualization',
    id: t.id,
    attributes: {
      title: t.title,
      description: '',
      version: 1,
      uiStateJSON: '{}',
      visState: JSON.stringify(visState),
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify(searchSource) },
    },
    references: [{ name: SEARCH_INDEX_REF, type: 'index-pattern', id: t.dataView }],
  };
}

interface PanelSpec {
  type: 'search' | 'visualization';
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

function dashboard(id: string, title: string, description: string, panels: PanelSpec[]): SavedObject {
  const saved = panels.map((p, i) => {
    const panelIndex = String(i + 1);
    return {
      type: p.type,
      panelIndex,
      gridData: { x: p.x, y: p.y, w: p.w, h: p.h, i: panelIndex },
      embeddableConfig: {},
      panelRefName: `panel_${panelIndex}`,
    };
  });
  // 8.x names panel references `<panelIndex>:panel_<panelIndex>` (dashboard
  // prefixReferencesFromPanel); its reference injection strips the prefix again.
  const references: SavedObjectReference[] = saved.map((p, i) => ({ name: `${p.panelIndex}:${p.panelRefName}`, type: p.type, id: panels[i]!.id }));
  return {
    type: 'dashboard',
    id,
    attributes: {
      title,
      description,
      panelsJSON: JSON.stringify(saved),
      optionsJSON: JSON.stringify({ useMargins: true, syncColors: false, syncCursor: true, syncTooltips: false, hidePanelTitles: false }),
      // Post-mortems look at old logs: keep the user's time range instead of imposing one.
      timeRestore: false,
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify({ query: { query: '', language: 'kuery' }, filter: [] }) },
    },
    references,
  };
}

/** Every saved object, in import order (data views, searches, count tables, dashboard). */
export function kibanaAssets(ns: string): SavedObject[] {
  const ids = kibanaIds(ns);
  // Titles carry the namespace except for the default one, so several namespaces can be told apart.
  const suffix = ns === 'default' ? '' : ` (${ns})`;
  const incidentColumns = ['pvelens.incident.type', 'pvelens.incident.severity', 'pvelens.incident.nodes', 'pvelens.incident.duration_s', 'pvelens.incident.root_cause.text'];
  return [
    dataView(ids.eventsView, eventsDataViewTitle(ns), `pvelens events (${ns})`),
    dataView(ids.incidentsView, incidentsDataViewTitle(ns), `pvelens incidents (${ns})`),
    search({
      id: ids.incidentsSearch,
      title: `pvelens incidents${suffix}`,
      description: 'Incidents correlated by pvelens, newest first: type, severity, nodes, duration, root cause.',
      dataView: ids.incidentsView,
      columns: incidentColumns,
      sort: [['@timestamp', 'desc']],
      query: '',
    }),
    incidentsGroupedBy(ids.incidentsByTypeSearch, `pvelens incidents by type${suffix}`, 'Incidents grouped by type. Open in Discover for the histogram split per incident type.', ids.incidentsView, 'pvelens.incident.type', [
      'pvelens.incident.nodes',
      'pvelens.incident.severity',
      'pvelens.incident.root_cause.text',
    ]),
    incidentsGroupedBy(ids.incidentsByNodeSearch, `pvelens incidents by node${suffix}`, 'Incidents grouped by affected node. Open in Discover for the histogram split per node.', ids.incidentsView, 'pvelens.incident.nodes', [
      'pvelens.incident.type',
      'pvelens.incident.severity',
      'pvelens.incident.root_cause.node',
    ]),
    search({
      id: ids.eventsSearch,
      title: `pvelens events${suffix}`,
      description: 'Matched log events at warning severity or worse (syslog severity 0-4).',
      dataView: ids.eventsView,
      columns: ['host.name', 'log.level', 'rule.id', 'event.action', 'message'],
      sort: [['@timestamp', 'desc']],
      query: 'event.severity <= 4',
      breakdownField: 'host.name',
    }),
    countTable({ id: ids.incidentsPerTypeVis, title: `pvelens incidents per type${suffix}`, dataView: ids.incidentsView, query: '', terms: ['pvelens.incident.type'] }),
    countTable({ id: ids.incidentsPerNodeVis, title: `pvelens incidents per node${suffix}`, dataView: ids.incidentsView, query: '', terms: ['pvelens.incident.nodes'] }),
    countTable({
      id: ids.eventsPerRuleHostVis,
      title: `pvelens warning events per rule and host${suffix}`,
      dataView: ids.eventsView,
      query: 'event.severity <= 4',
      terms: ['rule.id', 'host.name'],
    }),
    // 48-column grid: the incident timeline with the two count tables stacked beside it, the
    // grouped incident searches below, then the warning-event counts next to the events.
    dashboard(ids.dashboard, `pvelens: Proxmox incidents${suffix}`, 'Incident timeline, incident counts per type and per node, incidents by type and by node, and warning events, from pvelens.', [
      { type: 'search', id: ids.incidentsSearch, x: 0, y: 0, w: 32, h: 20 },
      { type: 'visualization', id: ids.incidentsPerTypeVis, x: 32, y: 0, w: 16, h: 10 },
      { type: 'visualization', id: ids.incidentsPerNodeVis, x: 32, y: 10, w: 16, h: 10 },
      { type: 'search', id: ids.incidentsByTypeSearch, x: 0, y: 20, w: 24, h: 15 },
      { type: 'search', id: ids.incidentsByNodeSearch, x: 24, y: 20, w: 24, h: 15 },
      { type: 'visualization', id: ids.eventsPerRuleHostVis, x: 0, y: 35, w: 16, h: 15 },
      { type: 'search', id: ids.eventsSearch, x: 16, y: 35, w: 32, h: 15 },
    ]),
  ];
}

/** The import file: one object per line, ending with a newline. */
export function toNdjson(objects: SavedObject[]): string {
  return objects.map((o) => JSON.stringify(o) + '\n').join('');
}

export function kibanaNdjson(ns: string): string {
  return toNdjson(kibanaAssets(ns));
}

// Incident rules, as data (patterns/incidents/*.yaml): which events open, feed and close an
// incident of each type, how they are grouped, and what to tell the operator. The engine
// (engine.ts) implements the primitives once: spans, precursor windows, storms, reboots without
// a shutdown sequence, attaching symptoms to a surrounding incident, grouping per key and across
// nodes.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PatternError } from '../patterns/compile.js';
import { patternFiles, readPatternData, readShippedCache, SHIPPED_CACHES } from '../patterns/load.js';
import { Layer, Severity } from '../patterns/schema.js';

export const INCIDENT_TYPES = [
  'link-instability',
  'membership-churn',
  'quorum-loss',
  'pmxcfs-cpg-failure',
  'cmap-unavailable',
  'corosync-config-error',
  'ha-lock-loss',
  'fencing-reboot',
  'unclean-reboot',
  'cfs-lock-timeout',
  'rbd-error-opening',
  'ceph-auth-failure',
  'ceph-mon-unreachable',
  'guest-lock-stuck',
  'storage-offline',
  'replication-failure',
  'time-jump',
] as const;
export const IncidentType = z.enum(INCIDENT_TYPES);
export type IncidentType = z.infer<typeof IncidentType>;

/** A pattern id, or a glob over ids with "*" ("pmxcfs.cpg_*"). */
const IdGlob = z.string().regex(/^[a-z0-9*]+(?:[._-][a-z0-9*]+)*$/, 'a pattern id or a glob such as pmxcfs.cpg_*');
/** A JavaScript regular expression (searched, not anchored: use ^ and $ to anchor). */
const CaptureRegex = z
  .string()
  .min(1)
  .refine((s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression');
/**
 * Which events a rule phase takes: a pattern id or glob, or a glob whose events must also have
 * captures that fit: {id: storage.rados_connect_failed, where: {reason: 'Permission denied'}}.
 * A capture the event lacks does not fit. Numbers and lists are matched as their text.
 */
const RuleGlob = z.union([
  IdGlob,
  z.strictObject({
    id: IdGlob,
    where: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a capture name'), CaptureRegex).refine((w) => Object.keys(w).length > 0, 'name at least one capture'),
  }),
]);
export type RuleGlob = z.infer<typeof RuleGlob>;
const Globs = z.array(RuleGlob).min(1);

const Cause = z.strictObject({
  /** The root-cause event (lowest, earliest failing layer) is one of these. */
  when: Globs,
  /** One plain sentence; {node}, {count}, {summary} and the event's captures ({host_id}) are filled in. */
  text: z.string().min(1),
});

export const IncidentRule = z.strictObject({
  type: IncidentType,
  /** Header line of the incident. */
  title: z.string().min(1),
  severity: Severity,
  /** The layer the incident lives on (its onset's layer). */
  layer: Layer,
  /** span: opened and closed by events. reboot: a new boot on a node (see engine.ts). */
  kind: z.enum(['span', 'reboot']).default('span'),
  /**
   * Captures that split incidents besides the node (storage, job, host_id), or "vmid" for the
   * event's VMID annotation. Events lacking a key join the node's incident of that type.
   */
  key: z.array(z.string().min(1)).default([]),
  /**
   * The incident's node is the first of these captures an event has (the fenced node named in
   * another node's log), not the logging host.
   */
  node_capture: z.array(z.string().min(1)).min(1).optional(),
  onset: Globs,
  /** Symptoms: join an open incident, never open one. */
  impact: z.array(RuleGlob).default([]),
  /** Recovery: join and mark the incident recovered (it closes after `settle` seconds). */
  recovery: z.array(RuleGlob).default([]),
  /** Events within `window` seconds before the onset on the same node join as precursors. */
  precursors: z.strictObject({ events: Globs, window: z.number().positive() }).optional(),
  /** Seconds without a new event after which an unrecovered incident is closed. */
  idle_close: z.number().positive().default(600),
  /** Seconds after recovery during which late recovery lines still join. */
  settle: z.number().nonnegative().default(60),
  /** Seconds after a node's boot (or corosync's start) during which onsets are start-up noise. */
  boot_grace: z.number().nonnegative().default(0),
  /** Onset events needed before the incident counts (an isolated warning is not an incident). */
  min_onset: z.number().int().positive().default(1),
  /** The incident counts only if one of these events is in it (or min_onset is reached). */
  or_requires: z.array(RuleGlob).default([]),
  /** If one of these events is in the incident (a planned action), it is dropped. */
  suppressed_by: z.array(RuleGlob).default([]),
  /** Incidents of this type on several nodes starting within N seconds are one cluster incident. */
  across_nodes: z.number().nonnegative().optional(),
  /** While one of these incidents is open on the node, this type's events join it instead. */
  attach_to: z.array(IncidentType).default([]),
  /** Attach to such an incident on another node too (cluster-wide symptoms such as cfs locks). */
  attach_across_nodes: z.boolean().default(false),
  /** Root-cause sentences by the cause event, first match wins. */
  causes: z.array(Cause).default([]),
  /** What an expert runs next, in order; {node} and key captures are filled in. */
  next_checks: z.array(z.string().min(1)).min(1),
  /** reboot kind: events that make a reboot planned (the shutdown sequence). */
  shutdown: z.array(RuleGlob).default([]),
  /** reboot kind: events that say the whole host is going down (not one unit restarting): what follows on it is planned. */
  going_down: z.array(RuleGlob).default([]),
  /** reboot kind: the cluster stack starting without a reboot; boot_grace counts from these too. */
  startup: z.array(RuleGlob).default([]),
  /** reboot kind: events on the node before the reset that show HA fenced it (the type becomes fencing-reboot). */
  fence_evidence: z.array(RuleGlob).default([]),
  /** reboot kind: seconds before the boot in which shutdown or fence evidence counts. */
  lookback: z.number().positive().default(900),
});
export type IncidentRule = z.infer<typeof IncidentRule>;

export const IncidentFile = z.strictObject({
  incidents: z.array(IncidentRule).min(1),
});
export type IncidentFile = z.infer<typeof IncidentFile>;

export const SHIPPED_INCIDENTS = fileURLToPath(new URL('../../patterns/incidents/', import.meta.url));

/** Validate an incident rule file's data (defaults filled in), or a PatternError naming the file, the rule and the reason. */
export function validateIncidentFile(file: string, data: unknown): IncidentFile {
  const parsed = IncidentFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const idx = issue.path[1];
    const type = typeof idx === 'number' ? ((data as { incidents?: Array<{ type?: unknown }> }).incidents?.[idx]?.type ?? `#${idx + 1}`) : null;
    throw new PatternError(file, type === null ? null : `incident ${String(type)}`, `${issue.path.slice(type === null ? 0 : 2).join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** Load and validate the incident rules; a broken file stops with its name, the rule and the reason. */
export function loadIncidentRules(dir = SHIPPED_INCIDENTS): IncidentRule[] {
  const cached = dir === SHIPPED_INCIDENTS ? readShippedCache(dir, SHIPPED_CACHES.incidents) : null;
  const files = cached ?? patternFiles(dir).map((file) => ({ file, data: undefined as unknown }));
  const rules: IncidentRule[] = [];
  const seen = new Set<string>();
  for (const { file, data: fromCache } of files) {
    const parsed = cached ? (fromCache as IncidentFile) : validateIncidentFile(file, readPatternData(file));
    for (const rule of parsed.incidents) {
      if (seen.has(rule.type)) throw new PatternError(file, `incident ${rule.type}`, 'duplicate incident type');
      seen.add(rule.type);
      rules.push(rule);
    }
  }
  return rules;
}

/** Glob over pattern ids → RegExp. */
export function globRegex(globs: readonly string[]): RegExp {
  if (!globs.length) return /(?!)/;
  return new RegExp(`^(?:${globs.map((g) => g.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[a-z0-9._-]*')).join('|')})$`);
}

/** The id glob of a rule entry, with or without capture conditions. */
export const globOf = (g: RuleGlob): string => (typeof g === 'string' ? g : g.id);

/** A compiled list of rule entries: plain globs as one RegExp, conditional ones each with their capture tests. */
export class Selector {
  private readonly plain: RegExp;
  private readonly conditional: Array<{ id: RegExp; where: Array<[string, RegExp]> }>;

  constructor(globs: readonly RuleGlob[]) {
    this.plain = globRegex(globs.filter((g): g is string => typeof g === 'string'));
    this.conditional = globs
      .filter((g) => typeof g !== 'string')
      .map((g) => ({ id: globRegex([g.id]), where: Object.entries(g.where).map(([k, re]): [string, RegExp] => [k, new RegExp(re)]) }));
  }

  /** Per pattern id: 1 = a plain glob fits, 2 = a conditional entry's glob fits (pattern ids are a small, fixed set). */
  private readonly byId = new Map<string, number>();

  private kind(ruleId: string): number {
    let v = this.byId.get(ruleId);
    if (v === undefined) {
      v = (this.plain.test(ruleId) ? 1 : 0) | (this.conditional.some((c) => c.id.test(ruleId)) ? 2 : 0);
      if (this.byId.size < 65536) this.byId.set(ruleId, v);
    }
    return v;
  }

  /** Could an event with this pattern id fit, whatever its captures? */
  mayMatch(ruleId: string): boolean {
    return this.kind(ruleId) !== 0;
  }

  /** Does an event (its pattern id and captures) fit? Without captures, only plain globs can. */
  test(ruleId: string, captures?: Readonly<Record<string, unknown>>): boolean {
    const v = this.kind(ruleId);
    if (v & 1) return true;
    if (!(v & 2) || !captures) return false;
    for (const c of this.conditional) {
      if (!c.id.test(ruleId)) continue;
      if (c.where.every(([k, re]) => captures[k] !== undefined && captures[k] !== null && re.test(captureText(captures[k])))) return true;
    }
    return false;
  }
}

function captureText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

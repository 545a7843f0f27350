// The pattern library's file format, as zod schemas: what a YAML file in patterns/ may say.
// The JSON Schema for editors (patterns/pattern.schema.json) is generated from these.
import { z } from 'zod';

/** Capture types: how a named group's text becomes a typed value. */
export const CaptureType = z.enum([
  'string',
  'int', // decimal integer
  'ints', // whitespace/comma separated integers: member lists "1 3 4 8"
  'ms', // milliseconds (integer or decimal), e.g. token timeouts
  'float',
  'hex', // hexadecimal integer (no 0x), e.g. retransmit sequence numbers
  'hexes', // list of hexadecimal integers
  'cs_error', // corosync cs_error_t: a number (old pmxcfs) or a CS_ERR_* name (pmxcfs >= 9.0.1)
  'errno', // an errno number, decoded to its name
  'upid', // a Proxmox task id, decoded to node, pid, start time, type, id, user
  'ring_id', // a corosync ring id in any of its three formats
  'node_pids', // pmxcfs member lists "1/1187, 3/1201"
]);
export type CaptureType = z.infer<typeof CaptureType>;

export const Severity = z.enum(['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug']);
export type Severity = z.infer<typeof Severity>;

/** ECS event.category allowed values (the ones that make sense for these logs). */
export const EcsCategory = z.enum([
  'authentication',
  'configuration',
  'database',
  'driver',
  'file',
  'host',
  'iam',
  'network',
  'process',
  'session',
]);

/** Layers of the Proxmox stack, bottom to top (the correlator orders root causes by them). */
export const Layer = z.enum([
  'host',
  'link',
  'membership',
  'quorum',
  'ipc',
  'pmxcfs',
  'ha',
  'management',
  'guest',
  'storage',
]);
export type Layer = z.infer<typeof Layer>;

const PATTERN_ID = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export const Example = z.union([
  z.string(),
  z.strictObject({
    /** The MESSAGE text (without timestamp, host or identifier). */
    message: z.string(),
    /** SYSLOG_IDENTIFIER the line came from; default: the pattern's first identifier. */
    ident: z.string().optional(),
    /** Expected typed captures (only the ones listed are compared). */
    captures: z.record(z.string(), z.unknown()).optional(),
  }),
]);
export type Example = z.infer<typeof Example>;

export const PatternSpec = z.strictObject({
  id: z.string().regex(PATTERN_ID, 'a dotted lower-case id such as corosync.totem.token_timeout'),
  /** One-line summary; {name} placeholders are filled from captures. */
  summary: z.string().min(1),
  /** SYSLOG_IDENTIFIERs the pattern applies to; defaults to the file's. "*" means any. */
  identifiers: z.array(z.string().min(1)).min(1).optional(),
  /**
   * Bracketed prefix the message starts with (after leading spaces): "TOTEM" matches "[TOTEM ] ",
   * "dcdb" matches "[dcdb] " — spaces before "]" are allowed. A list accepts any of them.
   */
  tag: z.union([z.string().min(1).max(16), z.array(z.string().min(1).max(16)).min(1)]).optional(),
  /** JavaScript regular expression with named groups, matched at the start of the message after the tag. */
  regex: z.string().min(1),
  /** Look for the regex anywhere in the message instead of at its start. */
  search: z.boolean().optional(),
  /** Case-insensitive match. */
  ignore_case: z.boolean().optional(),
  /** A literal every matching message contains, for the pre-filter; derived from the regex if absent. */
  literal: z.string().min(3).optional(),
  captures: z.record(z.string(), CaptureType).optional(),
  severity: Severity,
  category: EcsCategory,
  /** ECS event.action: our verb for what happened, e.g. corosync-token-timeout. */
  action: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  layer: Layer,
  /** Ids of more general patterns that also match this pattern's lines: their events are dropped. */
  supersedes: z.array(z.string()).optional(),
  /** Free text: where the wording comes from, version differences. */
  note: z.string().optional(),
  examples: z.array(Example).min(1, 'every pattern needs at least one example line'),
  near_misses: z.array(Example).optional(),
});
export type PatternSpec = z.infer<typeof PatternSpec>;

export const PatternFile = z.strictObject({
  /** What the file covers, e.g. "corosync TOTEM". */
  subsystem: z.string().min(1),
  /** Default identifiers for the file's patterns. */
  identifiers: z.array(z.string().min(1)).min(1).optional(),
  /**
   * Identifiers whose lines "*" patterns (of every loaded file) never look at: programs that do
   * not print Proxmox messages, such as sshd or CRON. A trailing "*" matches a prefix
   * ("postfix/*"). Their own explicitly listed patterns still apply.
   */
  wildcard_excludes: z.array(z.string().regex(/^[^*]+\*?$/, 'a name, or a prefix followed by one "*"')).min(1).optional(),
  patterns: z.array(PatternSpec),
}).refine((f) => f.patterns.length > 0 || f.wildcard_excludes !== undefined, { message: 'a pattern file needs at least one pattern', path: ['patterns'] });
export type PatternFile = z.infer<typeof PatternFile>;

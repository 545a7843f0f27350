// One record at a time through the whole analysis: match, give each event its id, correlate, and
// hand out the incidents that became final. `pvelens analyze` and the tests drive this same
// loop, so what the tests check is what the command prints and ships.
import type { Matcher } from '../match/matcher.js';
import type { LogRecord, MatchEvent } from '../model.js';
import { EventIds } from '../sinks/ids.js';
import { Correlator, type Incident } from './engine.js';
import type { IncidentRule } from './rules.js';

export class Analysis {
  readonly correlator: Correlator;
  /** The events of the record last fed (valid until the next feed). */
  readonly events: MatchEvent[] = [];
  /** Their ids, when ids were asked for. */
  readonly eventIds: string[] = [];
  eventCount = 0;
  private readonly ids: EventIds | null;

  constructor(
    private readonly matcher: Matcher,
    rules: IncidentRule[],
    withIds: boolean,
  ) {
    this.correlator = new Correlator(rules);
    this.ids = withIds ? new EventIds() : null;
  }

  /** Match and correlate one record; returns the incidents that became final (usually none). */
  feed(r: LogRecord): Incident[] {
    const evs = this.events;
    evs.length = 0;
    this.matcher.match(r, evs);
    this.eventCount += evs.length;
    if (this.ids && evs.length) {
      // Before correlating: the incident's lines name the documents of their events.
      this.eventIds.length = 0;
      this.ids.assign(r, evs, 0, this.eventIds);
      this.correlator.push(r, evs, this.eventIds);
    } else this.correlator.push(r, evs);
    return this.correlator.take();
  }

  /** End of input: every incident not handed out yet. */
  end(): Incident[] {
    return this.correlator.finish();
  }
}

/** Incidents per type and node, for the closing summary (the incidents themselves are gone). */
export class IncidentTally {
  count = 0;
  readonly byType = new Map<string, { count: number; nodes: Map<string, number> }>();

  add(inc: Incident): void {
    this.count++;
    let t = this.byType.get(inc.type);
    if (!t) this.byType.set(inc.type, (t = { count: 0, nodes: new Map() }));
    t.count++;
    for (const n of inc.nodes) t.nodes.set(n, (t.nodes.get(n) ?? 0) + 1);
  }
}

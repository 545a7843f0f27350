// Strings cut out of a decoded input block (host, identifier, message, captures) are V8 "sliced
// strings": they keep the whole block (64 KiB and more) alive. Anything kept beyond the record
// that produced it (caches, windows, incident state) must own its characters.

/** A copy of `s` that does not keep a larger string alive. */
export function own(s: string): string {
  // V8 only slices strings of 13 characters or more; shorter ones are copies already.
  return s.length < 13 ? s : (' ' + s).slice(1);
}

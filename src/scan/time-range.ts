// --since / --until, turned into the fixed-width `YYYY-MM-DD HH:MM:SS` that W3C logs write (in UTC), so
// that a line is kept or left out by comparing 19 bytes, with no date parsing per line.

export interface TimeRange {
  /** Inclusive lower bound, `YYYY-MM-DD HH:MM:SS`. */
  readonly since?: string;
  /** Inclusive upper bound, `YYYY-MM-DD HH:MM:SS`. */
  readonly until?: string;
}

export class TimeRangeError extends Error {
  readonly code = 'IIS401_SCAN_TIME';
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function stamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * One bound. A date alone means the start of that day for --since and its last second for --until. A
 * time without a zone is taken as UTC, like the log; one with `Z` or `+02:00` is converted to UTC.
 */
export function parseBound(text: string, edge: 'since' | 'until'): string {
  const match = ISO.exec(text.trim());
  if (!match) throw new TimeRangeError(`iis401: --${edge} takes an ISO date or date-time (2024-03-01, 2024-03-01T14:30:00Z), not "${text}"`);
  const [, y, mo, d, h, mi, s, zone] = match;
  const hasTime = h !== undefined;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  const date = new Date(base);
  // Date.UTC rolls 2024-02-31 over into March; a bound that does not round-trip was not a real date.
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || Number(h ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(s ?? 0) > 59) {
    throw new TimeRangeError(`iis401: --${edge} is not a real date or time: "${text}"`);
  }
  let ms = base;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  if (!hasTime && edge === 'until') ms += 86_400_000 - 1000;
  // A bound given to the minute covers that whole minute when it is the upper one.
  else if (hasTime && s === undefined && edge === 'until') ms += 59_000;
  return stamp(new Date(ms));
}

export function parseTimeRange(since: string | undefined, until: string | undefined): TimeRange {
  const range = {
    ...(since !== undefined ? { since: parseBound(since, 'since') } : {}),
    ...(until !== undefined ? { until: parseBound(until, 'until') } : {}),
  };
  if (range.since && range.until && range.since > range.until) {
    throw new TimeRangeError(`iis401: --since ${since} is after --until ${until}`);
  }
  return range;
}

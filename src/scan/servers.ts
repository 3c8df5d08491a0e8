// Per-server counts for a fleet's log share (issue 15): each input says which server it is from, and the
// scan's global counters are split at every change of server, so that no line pays for the breakdown.
import type { ServerSummary } from './types.js';

/** What the split needs of the scan's counters. */
export interface Counters {
  readonly statusCounts: Float64Array;
  readonly records: number;
  readonly noStatus: number;
}

interface ServerTally {
  readonly name: string;
  files: number;
  records: number;
  readonly statusCounts: Float64Array;
  noStatus: number;
  challenge: number;
  failure: number;
  /** Real failures by bucket id. */
  readonly failures: Map<number, number>;
  first: number;
  last: number;
}

export class Servers {
  private readonly byName = new Map<string, ServerTally>();
  private current: ServerTally | undefined;
  private readonly status = new Float64Array(600);
  private records = 0;
  private noStatus = 0;

  /** Whether the lines read now are a named server's. */
  get active(): boolean {
    return this.current !== undefined;
  }

  /** Whether any input named a server. */
  get any(): boolean {
    return this.byName.size > 0;
  }

  /** The server of the input starting now (undefined: none); the counts so far go to the one before. */
  begin(name: string | undefined, counters: Counters): void {
    this.close(counters);
    this.current = name === undefined ? undefined : this.named(name);
    if (this.current) this.current.files++;
  }

  /** The input's server told by its own lines (s-computername), when its folder did not tell it. */
  nameFromLog(name: string, counters: Counters): void {
    if (this.current || name === '' || name === '-') return;
    this.close(counters);
    this.current = this.named(name);
    this.current.files++;
  }

  /** A waiting group's verdict: counted to the current server (the window is emptied between servers). */
  settle(bucket: number, count: number, challenge: boolean): void {
    const server = this.current;
    if (!server) return;
    if (challenge) server.challenge += count;
    else {
      server.failure += count;
      server.failures.set(bucket, (server.failures.get(bucket) ?? 0) + count);
    }
  }

  /** A log time (seconds) seen in the current server's lines. */
  seen(time: number): void {
    const server = this.current;
    if (!server || time < 0) return;
    if (server.first < 0 || time < server.first) server.first = time;
    if (time > server.last) server.last = time;
  }

  finish(counters: Counters, bucketOf: (id: number) => { substatus: number; win32: number } | undefined, stamp: (t: number) => string, shown: number): ServerSummary[] {
    this.close(counters);
    this.current = undefined;
    return [...this.byName.values()].map((s) => {
      const byStatus: Record<string, number> = {};
      for (let status = 100; status < 600; status++) if ((s.statusCounts[status] ?? 0) > 0) byStatus[String(status)] = s.statusCounts[status] ?? 0;
      if (s.noStatus > 0) byStatus['-'] = s.noStatus;
      const failures = [...s.failures]
        .map(([id, count]) => {
          const bucket = bucketOf(id);
          return { substatus: bucket?.substatus ?? -1, win32: bucket?.win32 ?? -1, count };
        })
        .sort((a, b) => b.count - a.count || a.substatus - b.substatus || a.win32 - b.win32)
        .slice(0, shown);
      return {
        name: s.name,
        files: s.files,
        records: s.records,
        byStatus,
        unauthorized: s.statusCounts[401] ?? 0,
        challenge: s.challenge,
        failure: s.failure,
        failures,
        ...(s.first >= 0 ? { first: stamp(s.first), last: stamp(s.last) } : {}),
      };
    });
  }

  private named(name: string): ServerTally {
    let server = this.byName.get(name);
    if (!server) {
      server = { name, files: 0, records: 0, statusCounts: new Float64Array(600), noStatus: 0, challenge: 0, failure: 0, failures: new Map(), first: -1, last: -1 };
      this.byName.set(name, server);
    }
    return server;
  }

  /** Gives the counts since the last split to the current server (if any) and starts a new split. */
  private close(counters: Counters): void {
    const server = this.current;
    if (server) {
      for (let i = 0; i < 600; i++) {
        const delta = (counters.statusCounts[i] ?? 0) - (this.status[i] ?? 0);
        if (delta !== 0) server.statusCounts[i] = (server.statusCounts[i] ?? 0) + delta;
      }
      server.records += counters.records - this.records;
      server.noStatus += counters.noStatus - this.noStatus;
    }
    this.status.set(counters.statusCounts);
    this.records = counters.records;
    this.noStatus = counters.noStatus;
  }
}

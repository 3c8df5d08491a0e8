// A deterministic generator of realistic IIS W3C logs, for the scan benchmark and the scan tests.
// Same seed and size, same bytes: nothing here reads the clock or Math.random.
import { closeSync, openSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LAYOUTS } from '../src/parse/iis-log.js';
import { createRandom } from '../src/text/seeded-random.js';

/** Bumped whenever the output changes, so cached files in bench/data/ are not reused by mistake. */
export const GENERATOR_VERSION = 3;

export interface GenerateOptions {
  /** Stop after at least this many bytes (a whole line is always finished). */
  readonly bytes: number;
  /** PRNG seed; default 401. */
  readonly seed?: number;
  /** One garbage line (cut short or binary) every this many lines; 0 = none. Default 200,000. */
  readonly garbageEvery?: number;
  /** Share of lines that start a normal challenge (each writes one or two 401s and a success). Default 0.05. */
  readonly challengeShare?: number;
  /** Share of lines that are real 401 failures (401.1 1326/1909, 401.2 5, 401.3 5). Default 0.03. */
  readonly failureShare?: number;
  /** Distinct URLs drawn from (heavy-tailed). Default 3,000. */
  readonly urls?: number;
}

/** What the generator wrote, counted as it wrote it: the truth a test compares a scan against. */
export interface GeneratedTruth {
  readonly bytes: number;
  readonly lines: number;
  readonly requests: number;
  readonly garbage: number;
  readonly byStatus: Record<string, number>;
  /** Keyed `substatus win32` (`1 1326`): count, and how many were legs of a completed challenge. */
  readonly unauthorized: Record<string, { count: number; challenge: number; failure: number }>;
}

// The header blocks cycle in this order; the IIS 8.5 default followed by the same site with extra fields
// is the "#Fields changes mid-file" case (IIS writes a new block when the field set changes).
const BLOCKS = [
  { software: 'Microsoft Internet Information Services 8.5', fields: LAYOUTS['iis85-default'] },
  { software: 'Microsoft Internet Information Services 8.5', fields: LAYOUTS['all-fields'] },
  { software: 'Microsoft Internet Information Services 6.0', fields: LAYOUTS['iis6-default'] },
  { software: 'Microsoft Internet Information Services 7.5', fields: LAYOUTS['iis7-default'] },
] as const;

/**
 * Bytes of log per header block before the next one starts: a sixth of the file, so that even a small
 * file has every layout, between 64 KB and 48 MB.
 */
function blockBytes(total: number): number {
  return Math.max(64 * 1024, Math.min(48 * 1024 * 1024, Math.floor(total / 6)));
}

const USER_AGENTS = [
  'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/122.0.0.0+Safari/537.36',
  'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/121.0.0.0+Safari/537.36+Edg/121.0.2277.128',
  'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:123.0)+Gecko/20100101+Firefox/123.0',
  'Mozilla/4.0+(compatible;+MSIE+7.0;+Windows+NT+6.1;+Trident/7.0;+.NET4.0C)',
  'Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.17328;+Pro)',
  'Microsoft-WNS/10.0',
  'curl/8.4.0',
];
const AREAS = ['intranet', 'hr', 'finance', 'sites/projects', 'api/v2', 'owa', 'reports', 'crm', 'wiki', 'ews'];
const LEAVES = ['default.aspx', 'index.html', 'orders.aspx', 'Exchange.asmx', 'report.aspx', 'logo.png', 'site.css', 'app.js', 'search', 'items', 'Service.svc', 'upload.ashx'];
const FIRST_NAMES = ['amiller', 'jdoe', 'bsmith', 'kchen', 'rpatel', 'lgarcia', 'mnguyen', 'tjohnson', 'svc_report', 'ewilson', 'okim', 'dlee'];

/** Status mix of ordinary (non-401) requests, as cumulative probabilities. */
const ORDINARY: ReadonlyArray<readonly [number, number, number, number]> = [
  // [cumulative probability, status, substatus, win32]
  [0.74, 200, 0, 0],
  [0.87, 304, 0, 0],
  [0.92, 302, 0, 0],
  [0.97, 404, 0, 2],
  [0.985, 404, 3, 50],
  [0.995, 500, 0, 0],
  [1, 500, 19, 13],
];

interface Request {
  readonly method: string;
  readonly uri: string;
  readonly query: string;
  readonly port: string;
  readonly user: string;
  readonly ip: string;
  readonly agent: string;
  readonly status: number;
  readonly substatus: number;
  readonly win32: number;
  /** Counted as a challenge leg in the truth (it is followed by a success for its client and URL). */
  readonly challenge?: boolean;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Writes a generated log through `write` (ASCII text, CRLF line ends as IIS writes) and returns what it wrote. */
export function generateLog(options: GenerateOptions, write: (chunk: string) => void): GeneratedTruth {
  const random = createRandom(options.seed ?? 401);
  const garbageEvery = options.garbageEvery ?? 200_000;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  // Web traffic is heavy-tailed: a few pages and clients make most requests (roughly Zipf-like).
  const popular = <T>(list: readonly T[]): T => list[Math.floor(random() ** 3 * list.length)] as T;
  const urls: string[] = [];
  for (let i = 0; i < (options.urls ?? 3000); i++) {
    const depth = 1 + Math.floor(random() * 3);
    const parts = [pick(AREAS)];
    for (let d = 1; d < depth; d++) parts.push(`${pick(['docs', 'team', 'q', 'v1', 'lists', 'data'])}${Math.floor(random() * 90)}`);
    urls.push(`/${parts.join('/')}/${pick(LEAVES)}`);
  }
  // Ordinary clients succeed; the clients in 10.9.x.x are the broken ones and never get a success, so the
  // truth about challenge legs stays exact.
  const clients = Array.from({ length: 4000 }, (_, i) => `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`);
  const brokenClients = Array.from({ length: 300 }, (_, i) => `10.9.${Math.floor(i / 250)}.${(i % 250) + 1}`);
  const user = (): string => `CONTOSO\\${popular(FIRST_NAMES)}${Math.floor(random() ** 2 * 50)}`;

  const byStatus: Record<string, number> = {};
  const unauthorized: Record<string, { count: number; challenge: number; failure: number }> = {};
  let bytes = 0;
  let lines = 0;
  let requests = 0;
  let garbage = 0;
  let buffer = '';
  const out = (line: string): void => {
    buffer += `${line}\r\n`;
    bytes += line.length + 2;
    lines++;
    if (buffer.length >= 1 << 20) {
      write(buffer);
      buffer = '';
    }
  };

  // Log time: UTC, advancing 0-40 ms per line, so a 1 GB file spans about a day and crosses midnight.
  let clock = Date.UTC(2024, 2, 1, 0, 0, 0);
  let dayStart = -1;
  let datePart = '';
  const stamp = (): string => {
    const day = Math.floor(clock / 86_400_000);
    if (day !== dayStart) {
      dayStart = day;
      datePart = new Date(day * 86_400_000).toISOString().slice(0, 10);
    }
    const s = Math.floor((clock % 86_400_000) / 1000);
    return `${datePart} ${pad2(Math.floor(s / 3600))}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
  };

  // Legs of a challenge waiting to be written a few lines later, interleaved with other traffic.
  const queue: Array<{ due: number; request: Request }> = [];
  let block = -1;
  let blockFields: string[] = [];
  let blockEnd = 0;

  const startBlock = (): void => {
    block = (block + 1) % BLOCKS.length;
    const spec = BLOCKS[block] as (typeof BLOCKS)[number];
    blockFields = spec.fields.split(' ');
    blockEnd = bytes + blockBytes(options.bytes);
    out(`#Software: ${spec.software}`);
    out('#Version: 1.0');
    out(`#Date: ${stamp()}`);
    out(`#Fields: ${spec.fields}`);
  };

  const render = (r: Request): string => {
    const values: string[] = [];
    for (const field of blockFields) {
      switch (field) {
        case 'date':
        case 'time':
          break;
        case 's-sitename': values.push('W3SVC1'); break;
        case 's-computername': values.push('WEB01'); break;
        case 's-ip': values.push('10.0.0.5'); break;
        case 'cs-method': values.push(r.method); break;
        case 'cs-uri-stem': values.push(r.uri); break;
        case 'cs-uri-query': values.push(r.query); break;
        case 's-port': values.push(r.port); break;
        case 'cs-username': values.push(r.user); break;
        case 'c-ip': values.push(r.ip); break;
        case 'cs-version': values.push('HTTP/1.1'); break;
        case 'cs(User-Agent)': values.push(r.agent); break;
        case 'cs(Cookie)': values.push(r.user === '-' ? '-' : 'ASP.NET_SessionId=2xq1ohl0n4c0'); break;
        case 'cs(Referer)': values.push(random() < 0.5 ? '-' : `https://intranet.contoso.com${r.uri}`); break;
        case 'cs-host': values.push('intranet.contoso.com'); break;
        case 'sc-status': values.push(String(r.status)); break;
        case 'sc-substatus': values.push(String(r.substatus)); break;
        case 'sc-win32-status': values.push(String(r.win32)); break;
        case 'sc-bytes': values.push(String(200 + Math.floor(random() * 40_000))); break;
        case 'cs-bytes': values.push(String(300 + Math.floor(random() * 2000))); break;
        case 'time-taken': values.push(String(Math.floor(random() * random() * 900))); break;
        default: values.push('-');
      }
    }
    return `${stamp()} ${values.join(' ')}`;
  };

  const emit = (r: Request): void => {
    out(render(r));
    requests++;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    if (r.status === 401) {
      const key = `${r.substatus} ${r.win32}`;
      const entry = (unauthorized[key] ??= { count: 0, challenge: 0, failure: 0 });
      entry.count++;
      if (r.challenge) entry.challenge++;
      else entry.failure++;
    }
  };

  const base = (ip: string): Omit<Request, 'status' | 'substatus' | 'win32' | 'user'> => ({
    method: random() < 0.85 ? 'GET' : 'POST',
    uri: popular(urls),
    query: random() < 0.7 ? '-' : `id=${Math.floor(random() * 100_000)}`,
    port: random() < 0.9 ? '443' : '80',
    ip,
    agent: popular(USER_AGENTS),
  });

  const challengeShare = options.challengeShare ?? 0.05;
  const ordinaryShare = 1 - challengeShare - (options.failureShare ?? 0.03);
  startBlock();
  let tick = 0;
  while (bytes < options.bytes) {
    tick++;
    clock += Math.floor(random() * 40);
    if (bytes >= blockEnd) startBlock();
    const due = queue[0];
    if (due && due.due <= tick) {
      queue.shift();
      emit(due.request);
      continue;
    }
    if (garbageEvery > 0 && tick % garbageEvery === 0) {
      garbage++;
      // A line cut short by a crash, or bytes from a half-written buffer: both must be counted, not read.
      if (random() < 0.5) out(render({ ...base(pick(clients)), user: '-', status: 200, substatus: 0, win32: 0 }).slice(0, 40));
      else out('\u0001\u0002garbage \u007f\u0010 not a log line');
      continue;
    }
    const roll = random();
    if (roll < ordinaryShare) {
      const p = random();
      const row = ORDINARY.find(([cumulative]) => p <= cumulative) ?? ORDINARY[0];
      const [, status, substatus, win32] = row as readonly [number, number, number, number];
      emit({ ...base(popular(clients)), user: random() < 0.6 ? user() : '-', status, substatus, win32 });
    } else if (roll < ordinaryShare + challengeShare) {
      // The normal challenge: NTLM (401.2 5, 401.1 2148074254, 200), Kerberos (401.2 5, 200) or the
      // IIS 6 spelling (401.2 2148074254, 401.1 0, 200), each leg a few lines after the previous one.
      const request = base(popular(clients));
      const kind = random();
      const legs: Array<[number, number]> = kind < 0.6 ? [[2, 5], [1, 2148074254]] : kind < 0.9 ? [[2, 5]] : [[2, 2148074254], [1, 0]];
      let at = tick;
      for (const [substatus, win32] of legs) {
        at += Math.floor(random() * 6);
        queue.push({ due: at, request: { ...request, user: '-', status: 401, substatus, win32, challenge: true } });
      }
      at += 1 + Math.floor(random() * 6);
      queue.push({ due: at, request: { ...request, user: user(), status: random() < 0.8 ? 200 : 304, substatus: 0, win32: 0 } });
      queue.sort((a, b) => a.due - b.due);
    } else {
      const request = base(popular(brokenClients));
      const kind = random();
      if (kind < 0.45) {
        const win32 = pick([1326, 1326, 1326, 1909, 2148074252]);
        emit({ ...request, user: user(), status: 401, substatus: 1, win32 });
      } else if (kind < 0.85) emit({ ...request, user: '-', status: 401, substatus: 2, win32: 5 });
      else emit({ ...request, user: user(), status: 401, substatus: 3, win32: 5 });
    }
  }
  // Finish every challenge already started, so no leg is left without its success.
  for (const { request } of queue) emit(request);
  if (buffer) write(buffer);
  return { bytes, lines, requests, garbage, byStatus, unauthorized };
}

/** Writes a generated log to `path`. */
export function generateLogFile(path: string, options: GenerateOptions): GeneratedTruth {
  const fd = openSync(path, 'w');
  try {
    return generateLog(options, (chunk) => {
      writeSync(fd, chunk, null, 'latin1');
    });
  } finally {
    closeSync(fd);
  }
}

/** `200MB`, `1GB`, `512KB`, `1000` (bytes). */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(text.trim());
  if (!match?.[1]) throw new Error(`iis401 bench: cannot read the size "${text}" (use e.g. 200MB or 1GB)`);
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = unit === 'gb' ? 1024 ** 3 : unit === 'mb' ? 1024 ** 2 : unit === 'kb' ? 1024 : 1;
  return Math.round(Number(match[1]) * factor);
}

// `node dist/bench/generate-log.js OUT SIZE [SEED]` writes one file, for looking at or for other tools.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [path, size = '10MB', seed = '401'] = process.argv.slice(2);
  if (!path) {
    process.stderr.write('usage: node dist/bench/generate-log.js OUT.log [SIZE] [SEED]\n');
    process.exitCode = 2;
  } else {
    const truth = generateLogFile(path, { bytes: parseSize(size), seed: Number(seed) });
    process.stdout.write(`${JSON.stringify(truth, null, 2)}\n`);
  }
}

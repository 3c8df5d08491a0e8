// A local stand-in for the Slack Web API, response_url endpoints and file downloads, on 127.0.0.1 only.
// It records everything the bot sends so tests can assert on what actually left the app.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  readonly headers: IncomingHttpHeaders;
}

export interface ResponseUrlPost {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

export interface FileDownload {
  readonly name: string;
  readonly authorization: string | undefined;
}

export interface StandInFile {
  readonly id: string;
  readonly name: string;
  readonly bytes: Buffer;
  /** Overrides the size files.info reports (to test the cap without sending 50 MB). */
  readonly reportedSize?: number;
  readonly channel?: string;
  readonly shareTs?: string;
}

export interface SlackApiStandIn {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** Web API base for slackApiUrl: http://127.0.0.1:<port>/api/ */
  readonly apiUrl: string;
  readonly calls: ApiCall[];
  readonly responses: ResponseUrlPost[];
  readonly downloads: FileDownload[];
  /** Every request body received, raw, for "no secret left the app" checks. */
  readonly rawBodies: string[];
  readonly files: Map<string, StandInFile>;
  /** conversations.replies answers by `${channel}:${ts}`. */
  readonly threads: Map<string, Array<Record<string, unknown>>>;
  /** What apps.connections.open hands out (Socket Mode). */
  wsUrl: string | undefined;
  /** Methods that answer { ok: false, error } instead. */
  readonly failing: Map<string, string>;
  responseUrl(id: string): string;
  fileUrl(name: string): string;
  callsTo(method: string): ApiCall[];
  reset(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** web-api v8 posts forms and JSON-encodes non-scalar arguments (blocks=[...]). */
function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if ((contentType ?? '').startsWith('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (/^[[{]/.test(value)) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // a plain string that starts with a bracket
      }
    }
    args[key] = value;
  }
  return args;
}

function json(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startSlackApiStandIn(): Promise<SlackApiStandIn> {
  let origin = '';
  let tsCounter = 0;
  const state = {
    calls: [] as ApiCall[],
    responses: [] as ResponseUrlPost[],
    downloads: [] as FileDownload[],
    rawBodies: [] as string[],
    files: new Map<string, StandInFile>(),
    threads: new Map<string, Array<Record<string, unknown>>>(),
    failing: new Map<string, string>(),
  };
  const standIn = {} as SlackApiStandIn & { wsUrl: string | undefined };

  const api = (method: string, args: Record<string, unknown>, res: ServerResponse): void => {
    const failure = state.failing.get(method);
    if (failure) return json(res, { ok: false, error: failure });
    switch (method) {
      case 'auth.test':
        return json(res, { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0TEAM', user: 'iis401' });
      case 'apps.connections.open':
        return json(res, standIn.wsUrl ? { ok: true, url: standIn.wsUrl } : { ok: false, error: 'no_socket' });
      case 'chat.postMessage':
        tsCounter++;
        return json(res, { ok: true, channel: args.channel, ts: `1700000${String(tsCounter).padStart(3, '0')}.000100`, message: { text: args.text } });
      case 'chat.postEphemeral':
        return json(res, { ok: true, message_ts: '1700000999.000100' });
      case 'conversations.replies':
      case 'conversations.history': {
        const key = `${String(args.channel)}:${String(args.ts ?? args.latest ?? '')}`;
        return json(res, { ok: true, messages: state.threads.get(key) ?? [], has_more: false });
      }
      case 'files.info': {
        const file = state.files.get(String(args.file));
        if (!file) return json(res, { ok: false, error: 'file_not_found' });
        const shares = file.channel && file.shareTs ? { [file.channel.startsWith('C') ? 'public' : 'private']: { [file.channel]: [{ ts: file.shareTs }] } } : undefined;
        return json(res, {
          ok: true,
          file: { id: file.id, name: file.name, title: file.name, size: file.reportedSize ?? file.bytes.length, filetype: 'text', url_private: standIn.fileUrl(file.name), url_private_download: standIn.fileUrl(file.name), ...(shares ? { shares } : {}) },
        });
      }
      default:
        return json(res, { ok: true });
    }
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      if (req.method === 'GET' && url.pathname.startsWith('/files/')) {
        const name = decodeURIComponent(url.pathname.slice('/files/'.length));
        state.downloads.push({ name, authorization: req.headers.authorization });
        const file = [...state.files.values()].find((f) => f.name === name);
        if (!file || req.headers.authorization !== 'Bearer xoxb-test-token') {
          res.writeHead(file ? 403 : 404).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes.length) });
        res.end(file.bytes);
        return;
      }
      const raw = await readBody(req);
      state.rawBodies.push(raw);
      if (url.pathname.startsWith('/api/')) {
        const method = url.pathname.slice('/api/'.length);
        const args = parseArgs(raw, req.headers['content-type']);
        state.calls.push({ method, args, headers: req.headers });
        api(method, args, res);
        return;
      }
      if (url.pathname.startsWith('/response/')) {
        state.responses.push({ id: url.pathname.slice('/response/'.length), body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
        json(res, { ok: true });
        return;
      }
      res.writeHead(404).end();
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  Object.assign(standIn, {
    origin,
    apiUrl: `${origin}/api/`,
    ...state,
    wsUrl: undefined,
    responseUrl: (id: string) => `${origin}/response/${id}`,
    fileUrl: (name: string) => `${origin}/files/${encodeURIComponent(name)}`,
    callsTo: (method: string) => state.calls.filter((c) => c.method === method),
    reset: () => {
      state.calls.length = 0;
      state.responses.length = 0;
      state.downloads.length = 0;
      state.rawBodies.length = 0;
      state.files.clear();
      state.threads.clear();
      state.failing.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return standIn;
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { projectRoot } from '../root.js';

// `iis401 docs --serve`: the built docs site (dist/docs-site, from `npm run docs:build`) on 127.0.0.1 only,
// for a jump host with a browser and nothing else. A static file server: GET and HEAD, no directory
// listings, nothing outside the site folder.

export const DOCS_USAGE = `Usage: iis401 docs --serve [--port N] [--dir FOLDER]

Serves the built docs site on http://127.0.0.1:N/ (default port 4173) until Ctrl+C.
Build it first with: npm run docs:build (writes dist/docs-site).

  --port N       port to listen on, 0 for any free port (default 4173)
  --dir FOLDER   the built site to serve (default dist/docs-site of this install)`;

export const DEFAULT_PORT = 4173;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file a URL path names inside `dir`, trying `x.html` and `x/index.html`; undefined outside `dir`. */
export function resolveFile(dir: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  const full = normalize(join(dir, path));
  if (full !== dir && !full.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return undefined;
  for (const candidate of [full, `${full}.html`, join(full, 'index.html')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Starts the static server on 127.0.0.1. */
export function serveDocs(dir: string, port: number): Promise<RunningServer> {
  const root = normalize(dir);
  const notFound = join(root, '404.html');
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const file = resolveFile(root, req.url ?? '/');
    const status = file ? 200 : 404;
    const body = file ? readFileSync(file) : existsSync(notFound) ? readFileSync(notFound) : Buffer.from('Not found');
    res.writeHead(status, {
      'content-type': file ? (TYPES[extname(file)] ?? 'application/octet-stream') : 'text/html; charset=utf-8',
      'content-length': body.length,
      'x-content-type-options': 'nosniff',
      // The site needs nothing from elsewhere; say so to the browser too.
      'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${bound}/`, server, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

class DocsUsageError extends Error {}

function parseArgs(args: readonly string[]): { serve: boolean; help: boolean; port: number; dir?: string } {
  let serve = false;
  let help = false;
  let port = DEFAULT_PORT;
  let dir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--serve') serve = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--port' || arg === '--dir') {
      const value = args[++i];
      if (value === undefined) throw new DocsUsageError(`${arg} needs a value`);
      if (arg === '--dir') dir = value;
      else {
        if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new DocsUsageError(`--port takes a number from 0 to 65535, not "${value}"`);
        port = Number(value);
      }
    } else throw new DocsUsageError(arg.startsWith('-') ? `unknown option ${arg}` : `unknown argument "${arg}"`);
  }
  return { serve, help, port, ...(dir ? { dir } : {}) };
}

/** `iis401 docs ...`: resolves when the server stops (Ctrl+C), with the exit code. */
export async function run(args: readonly string[]): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(args);
  } catch (error) {
    process.stderr.write(`iis401 docs: ${(error as Error).message}\n${DOCS_USAGE}\n`);
    return 2;
  }
  if (options.help || !options.serve) {
    (options.help ? process.stdout : process.stderr).write(`${DOCS_USAGE}\n`);
    return options.help ? 0 : 2;
  }
  const dir = options.dir ?? join(projectRoot(), 'dist', 'docs-site');
  if (!existsSync(join(dir, 'index.html'))) {
    process.stderr.write(`iis401 docs: no built site in ${dir}: run npm run docs:build first\n`);
    return 1;
  }
  let running: RunningServer;
  try {
    running = await serveDocs(dir, options.port);
  } catch (error) {
    process.stderr.write(`iis401 docs: cannot listen on 127.0.0.1:${options.port}: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`iis401 docs: serving ${dir} on ${running.url} (Ctrl+C to stop)\n`);
  return new Promise((resolve) => {
    const stop = (): void => {
      void running.close().then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

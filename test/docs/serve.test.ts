import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFile, serveDocs } from '../../src/docs/serve.js';
import type { RunningServer } from '../../src/docs/serve.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'iis401.js');

function get(url: string, path: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    // A raw path, so "../" reaches the server as sent.
    const req = request(url, { path, method }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('iis401 docs --serve', () => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iis401-site-'));
    mkdirSync(join(dir, 'causes'));
    writeFileSync(join(dir, 'index.html'), '<h1>home</h1>');
    writeFileSync(join(dir, '404.html'), '<h1>not here</h1>');
    writeFileSync(join(dir, 'causes', 'x.html'), '<h1>x</h1>');
    writeFileSync(join(dir, 'iis401-engine.js'), 'export const engine = 1;');
    writeFileSync(join(tmpdir(), 'iis401-outside.txt'), 'secret');
    server = await serveDocs(dir, 0);
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should listen on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((server.server.address() as { address: string }).address).toBe('127.0.0.1');
  });

  it.each([
    ['/', 'text/html; charset=utf-8', 'home'],
    ['/causes/x.html', 'text/html; charset=utf-8', 'x'],
    ['/causes/x', 'text/html; charset=utf-8', 'x'],
    ['/iis401-engine.js?v=1', 'text/javascript; charset=utf-8', 'engine'],
  ])('should serve %s', async (path, type, text) => {
    const res = await get(server.url, path);
    expect(res.status).toBe(200);
    expect(res.type).toBe(type);
    expect(res.body).toContain(text);
  });

  it.each(['/../iis401-outside.txt', '/%2e%2e/iis401-outside.txt', '/causes/../../iis401-outside.txt', '/%E0%A4%A', '/nothing'])('should answer %s with the 404 page', async (path) => {
    const res = await get(server.url, path);
    expect(res.status).toBe(404);
    expect(res.body).toContain('not here');
  });

  it('should refuse methods other than GET and HEAD', async () => {
    expect((await get(server.url, '/', 'POST')).status).toBe(405);
    expect((await get(server.url, '/', 'HEAD')).status).toBe(200);
  });

  it('should never resolve a path outside the site folder', () => {
    expect(resolveFile(dir, '/../iis401-outside.txt')).toBeUndefined();
    expect(resolveFile(dir, '/index.html')).toBe(join(dir, 'index.html'));
  });

  it.each([
    [['docs', '--help'], 0, 'Usage: iis401 docs --serve'],
    [['docs'], 2, 'Usage: iis401 docs --serve'],
    [['docs', '--serve', '--port', 'eighty'], 2, '--port takes a number'],
    [['docs', '--serve', '--port'], 2, '--port needs a value'],
    [['docs', '--serve', '--bogus'], 2, 'unknown option --bogus'],
    [['docs', '--serve', '--dir', '/nonexistent-site'], 1, 'run npm run docs:build first'],
  ])('should answer iis401 %j with exit code %i and a clear message', (args, code, text) => {
    const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(code);
    expect(result.stdout + result.stderr).toContain(text);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('should serve from the real command line until it is stopped, then exit 0', async () => {
    const child = spawn(process.execPath, [BIN, 'docs', '--serve', '--port', '0', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (found) resolve(found[0]);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
    });
    expect((await get(url, '/causes/x')).body).toContain('x');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

#!/usr/bin/env node
// Checks the Dockerfile where no Docker engine runs: every stage's steps (WORKDIR, COPY, ENV, RUN) are run
// in a temporary folder standing in for the image's root, then the final stage's CMD is started with HTTP
// settings against a local auth.test stand-in and its HEALTHCHECK must pass. USER is noted, not switched.
//   node scripts/dockerfile-dry-run.mjs [Dockerfile]
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

const context = resolve(dirname(new URL(import.meta.url).pathname), '..');
const dockerfile = resolve(process.argv[2] ?? join(context, 'Dockerfile'));
const scratch = mkdtempSync(join(tmpdir(), 'iis401-docker-'));
const say = (line) => process.stdout.write(`dry-run: ${line}\n`);

function instructions(text) {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => {
    const space = l.indexOf(' ');
    return { op: l.slice(0, space).toUpperCase(), arg: l.slice(space + 1).trim() };
  });
}

const execForm = (arg) => (arg.startsWith('[') ? JSON.parse(arg) : ['/bin/sh', '-c', arg]);

const stages = new Map();
let stage;
for (const { op, arg } of instructions(readFileSync(dockerfile, 'utf8'))) {
  if (op === 'FROM') {
    const [image, , name] = arg.split(/\s+/);
    const root = join(scratch, `stage${stages.size}`);
    mkdirSync(root, { recursive: true });
    stage = { image, root, workdir: '/', env: {}, user: 'root' };
    stages.set(name ?? String(stages.size), stage);
    say(`FROM ${image} -> ${root}`);
  } else if (op === 'WORKDIR') {
    stage.workdir = arg.startsWith('/') ? arg : join(stage.workdir, arg);
    mkdirSync(join(stage.root, stage.workdir), { recursive: true });
  } else if (op === 'ENV') {
    for (const pair of arg.split(/\s+/)) {
      const eq = pair.indexOf('=');
      stage.env[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  } else if (op === 'COPY') {
    const words = arg.split(/\s+/);
    const from = words.find((w) => w.startsWith('--from='))?.slice(7);
    const paths = words.filter((w) => !w.startsWith('--'));
    const dest = paths.pop();
    const target = join(stage.root, dest.startsWith('/') ? dest : join(stage.workdir, dest));
    for (const source of paths) {
      const origin = from ? join(stages.get(from).root, source) : join(context, source);
      if (!existsSync(origin)) throw new Error(`COPY ${source}: not found in ${from ? `stage ${from}` : 'the build context'}`);
      const into = paths.length > 1 || dest.endsWith('/') ? join(target, basename(source)) : target;
      cpSync(origin, into, { recursive: true, verbatimSymlinks: true });
    }
    say(`COPY ${arg}`);
  } else if (op === 'RUN') {
    say(`RUN ${arg}`);
    // A dry run is root on this machine and the image's users do not exist here: chown is a no-op.
    const result = spawnSync('bash', ['-c', `chown() { :; }; ${arg}`], { cwd: join(stage.root, stage.workdir), stdio: 'inherit', env: { ...process.env, ...stage.env } });
    if (result.status !== 0) throw new Error(`RUN failed (exit ${result.status}): ${arg}`);
  } else if (op === 'USER') {
    stage.user = arg;
    say(`USER ${arg} (noted; the dry run does not switch users)`);
  } else if (op === 'HEALTHCHECK') {
    stage.healthcheck = execForm(arg.slice(arg.indexOf('CMD') + 4).trim());
  } else if (op === 'CMD') {
    stage.cmd = execForm(arg);
  }
}

const final = stage;
const app = join(final.root, final.workdir);
for (const devOnly of ['typescript', 'vitest', 'fast-check']) {
  if (existsSync(join(app, 'node_modules', devOnly))) throw new Error(`the final stage carries ${devOnly}, which only the build needs`);
}
if (final.user === 'root') throw new Error('the final stage runs as root: add USER');
if (!final.cmd || !final.healthcheck) throw new Error('the final stage needs CMD and HEALTHCHECK');

// auth.test is the only Web API call at start; a stand-in on 127.0.0.1 answers it.
const standIn = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ ok: true, bot_id: 'B0DRY', user_id: 'U0DRY' }));
});
await new Promise((r) => standIn.listen(0, '127.0.0.1', r));
const port = 20000 + Math.floor(Math.random() * 20000);
const env = { PATH: process.env.PATH, ...final.env, PORT: String(port), HOST: '127.0.0.1', SLACK_BOT_TOKEN: 'xoxb-dry-run', SLACK_SIGNING_SECRET: 'dry-run', SLACK_API_URL: `http://127.0.0.1:${standIn.address().port}/api/`, IIS401_DATA_DIR: join(app, 'data') };
const resolveNode = (argv) => (argv[0] === 'node' ? [process.execPath, ...argv.slice(1)] : argv);
const [cmd, ...cmdArgs] = resolveNode(final.cmd);
const bot = spawn(cmd, cmdArgs, { cwd: app, env, stdio: ['ignore', 'pipe', 'inherit'] });
let log = '';
bot.stdout.on('data', (c) => {
  log += c;
});
let healthy = false;
for (let attempt = 0; attempt < 60 && !healthy && bot.exitCode === null; attempt++) {
  await new Promise((r) => setTimeout(r, 500));
  const [hc, ...hcArgs] = resolveNode(final.healthcheck);
  healthy = spawnSync(hc, hcArgs, { cwd: app, env }).status === 0;
}
bot.kill('SIGTERM');
const exitCode = await new Promise((r) => (bot.exitCode !== null ? r(bot.exitCode) : bot.on('exit', (code) => r(code))));
standIn.close();
rmSync(scratch, { recursive: true, force: true });
if (!healthy) {
  process.stderr.write(`dry-run: the HEALTHCHECK never passed; the bot logged:\n${log}\n`);
  process.exit(1);
}
say(`CMD ${final.cmd.join(' ')} started, HEALTHCHECK passed on port ${port}, SIGTERM -> exit ${exitCode}`);
process.exit(exitCode === 0 ? 0 : 1);

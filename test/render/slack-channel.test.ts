import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisEngine } from '../../src/diagnose.js';
import { namesFromPaste, withPasteNames } from '../../src/render/names.js';
import { scanTable } from '../../src/render/scan-table.js';
import { FIRST_ANSWER_BLOCKS, renderScanAnswer, renderSlack } from '../../src/render/slack.js';
import { renderScanSlack, scanBuffer } from '../../src/scan/index.js';
import { renderText } from '../../src/render/text.js';
import { loadCases } from '../../src/cases/load.js';
import { projectRoot } from '../../src/root.js';
import { realEngine } from '../helpers/kb-engine.js';
import { visibleText } from '../helpers/visible-text.js';

// Channel answers over real inputs: short first messages, and nothing internal for the channel to read.
const INPUTS = loadCases(join(projectRoot(), 'cases')).map((c) => c.input);
const HASH = 'a'.repeat(64);


describe('channel answers', () => {
  let engine: DiagnosisEngine;
  beforeAll(async () => {
    engine = await realEngine();
  });

  it('should keep the first message within 6 blocks, notice and byline included', () => {
    for (const input of INPUTS) {
      const message = renderSlack(engine.diagnose(input), { inputHash: HASH, share: true, notice: 'Diagnosis of the first message of this thread.', byline: 'Shared by <@U1>' });
      if (message.blocks.length > FIRST_ANSWER_BLOCKS) expect.fail(`${message.blocks.length} blocks for: ${input.slice(0, 80)}`);
    }
  });

  it('should put no internal id (kb version, rule id, cause id) in any channel-bound block', () => {
    const ids = engine.kb.articles.map((a) => a.id).filter((id) => id.includes('-'));
    for (const input of INPUTS.slice(0, 300)) {
      const diagnosis = engine.diagnose(input);
      const rules = diagnosis.causes.flatMap((c) => c.rules);
      for (const options of [{}, { allSteps: true }, { featured: 1, allSteps: true }, { kbBaseUrl: 'https://git.example.com/kb/' }]) {
        const shown = visibleText(renderSlack(diagnosis, { inputHash: HASH, ...options }));
        expect(shown).not.toContain(diagnosis.kbVersion);
        for (const rule of rules) expect(shown).not.toContain(rule);
        for (const id of ids) if (shown.includes(`\`${id}\``) || new RegExp(`[(\\s]${id}[),\\s]`).test(shown)) expect.fail(`cause id ${id} shown for: ${input.slice(0, 80)}`);
      }
    }
  });
});

describe('steps in the admin\'s own names', () => {
  let engine: DiagnosisEngine;
  beforeAll(async () => {
    engine = await realEngine();
  });
  const LINE = '2024-03-01 10:00:00 10.0.0.5 GET /app/ - 443 CONTOSO\\ann 10.1.2.3 Mozilla/5.0 - 401 1 1326 15';

  it('should read the account, the host and the client from the paste', () => {
    expect(namesFromPaste(engine.diagnose(LINE).symptoms)).toEqual({ user: 'ann', domain: 'CONTOSO', client: '10.1.2.3' });
    const event = engine.diagnose('An account failed to log on.\nLogon Type: 3\nAccount Name: bsmith\nAccount Domain: FABRIKAM\nStatus: 0xC000006D\nSub Status: 0xC000006A\nSource Network Address: 10.20.4.17');
    expect(namesFromPaste(event.symptoms)).toMatchObject({ user: 'bsmith', domain: 'FABRIKAM', client: '10.20.4.17' });
    expect(namesFromPaste(engine.diagnose('401.1 on every request').symptoms)).toEqual({});
  });

  it('should use them in the fix steps of the terminal and the channel, and keep the examples otherwise', () => {
    const diagnosis = engine.diagnose(LINE);
    const text = renderText(diagnosis, { all: true, width: 200 });
    expect(text).toContain('CONTOSO\\ann');
    expect(text).not.toMatch(/\bjdoe\b/);
    const slack = JSON.stringify(renderSlack(diagnosis, { allSteps: true, featured: diagnosis.causes.findIndex((c) => c.steps.some((s) => s.includes('jdoe'))) }).blocks);
    expect(slack).toContain('ann');
    expect(slack).not.toMatch(/\bjdoe\b/);
    expect(renderText(engine.diagnose('win32 1326'), { all: true })).toMatch(/\bjdoe\b/);
  });

  it('should never take a name that could change a command', () => {
    expect(withPasteNames('net user jdoe /domain', { user: 'a$&b' })).toBe('net user a$&b /domain');
    const hostile = engine.diagnose('2024-03-01 10:00:00 10.0.0.5 GET /app/ - 443 CONTOSO\\a;calc 10.1.2.3 Mozilla/5.0 - 401 1 1326 15');
    expect(namesFromPaste(hostile.symptoms).user).toBeUndefined();
  });
});

describe('the next check in Slack', () => {
  it('should put PowerShell and cmd commands in separate, labelled code blocks', async () => {
    const engine = await realEngine();
    for (const input of INPUTS.slice(0, 300)) {
      const message = renderSlack(engine.diagnose(input), { allSteps: true });
      const text = JSON.stringify(message.blocks);
      for (const block of text.split('_PowerShell:_').slice(1)) expect(block.split('```')[1] ?? '').not.toMatch(/%[A-Za-z]\w*%/);
      for (const block of text.split('_cmd:_').slice(1)) expect(block.split('```')[1] ?? '').not.toContain('$env:');
    }
  });
});

describe('the scan summary in Slack', () => {
  it('should be a table block (Slack\'s table block), not a code block that wraps', async () => {
    const engine = await realEngine();
    const log = readFileSync(join(projectRoot(), 'test', 'fixtures', 'logs', 'u_ex240301-iis10.log'));
    const report = await scanBuffer(log, 'u_ex240301.log', engine);
    const scan = renderScanSlack(report);
    const table = scanTable(report);
    expect(table).toBeDefined();
    const message = renderScanAnswer({ fileName: 'u_ex240301.log', sections: scan.sections, text: scan.text, kbVersion: engine.kb.version, inputHash: HASH, ...(table ? { table } : {}) });
    const block = message.blocks.find((b) => b.type === 'table');
    expect(block).toMatchObject({ type: 'table', rows: expect.any(Array) });
    const rows = (block as { rows: Array<Array<{ type: string; text: string }>> }).rows;
    expect(rows[0]?.map((c) => c.text)).toEqual(['401 code', 'count', 'challenge', 'failure']);
    expect(rows.length).toBe(Math.min(report.unauthorized.length, 15) + 1);
    expect(rows.flat().every((c) => c.type === 'raw_text' && c.text.length > 0)).toBe(true);
    expect(JSON.stringify(message.blocks)).not.toContain('```\n401 code');
    expect(JSON.stringify(message.blocks)).not.toContain(`kb ${engine.kb.version}`);
  });

  it('should name causes by title, never by their internal ids', async () => {
    const engine = await realEngine();
    const log = readFileSync(join(projectRoot(), 'test', 'fixtures', 'logs', 'u_ex240301-iis10.log'));
    const report = await scanBuffer(log, 'u_ex240301.log', engine);
    expect(report.causes.length).toBeGreaterThan(0);
    const scan = renderScanSlack(report);
    const channel = [scan.text, ...scan.sections].join('\n');
    for (const cause of report.causes) {
      expect(channel).toContain(cause.title);
      expect(channel.replace(/kb\/causes\/[\w-]+\.md/g, '')).not.toContain(cause.id);
    }
  });
});

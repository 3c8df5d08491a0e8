import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/render/json.js';
import { renderSlack } from '../../src/render/slack.js';
import { renderText } from '../../src/render/text.js';
import { deepWellFormed, escapeC1InJson, escapeControls, toWellFormed } from '../../src/text/well-formed.js';
import { realEngine } from '../helpers/kb-engine.js';

const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const RAW_C1 = /[\u007f-\u009f]/;

describe('toWellFormed', () => {
  it.each([
    ['a lone high surrogate', 'a\ud83db', 'a\ufffdb'],
    ['a lone low surrogate', 'a\ude00b', 'a\ufffdb'],
    ['a high surrogate at the end', 'ab\ud83d', 'ab\ufffd'],
    ['two high surrogates before a low one', '\ud83d\ud83d\ude00', '\ufffd\ud83d\ude00'],
  ])('should replace %s', (_name, text, expected) => {
    expect(toWellFormed(text)).toBe(expected);
  });

  it('should keep pairs and plain text as they are', () => {
    expect(toWellFormed('401 😀 ok')).toBe('401 😀 ok');
  });

  it('should reach every string inside a message', () => {
    expect(deepWellFormed({ text: 'x\ud800', blocks: [{ type: 'section', text: { text: '\udc00' } }] })).toEqual({ text: 'x\ufffd', blocks: [{ type: 'section', text: { text: '\ufffd' } }] });
  });
});

describe('escapeControls and escapeC1InJson', () => {
  it('should show ESC, C1, DEL and CR as escapes and keep newlines and tabs', () => {
    expect(escapeControls('a\u001b[31mred\u009b2J\u007f\r\n\tb')).toBe('a\\x1b[31mred\\x9b2J\\x7f\\x0d\n\tb');
  });

  it('should escape C1 inside JSON so it still parses to the same value', () => {
    const json = escapeC1InJson(JSON.stringify({ user: 'bob\u0085\u009b' }));
    expect(json).not.toMatch(RAW_C1);
    expect(JSON.parse(json)).toEqual({ user: 'bob\u0085\u009b' });
  });
});

describe('what leaves for a terminal, a script and Slack', () => {
  const paste = '2024-03-01 10:00:00 10.0.0.5 GET /app\u009b2J - 80 CONTOSO\\bob\u0085\ud800x 10.0.0.9 Mozilla/5.0\u001b]0;pwned\u0007 - 401 1 1326 15';

  it('should print the control characters of a paste it quotes as escapes in the text answer', async () => {
    const engine = await realEngine();
    const quoted = renderText(engine.diagnose('search guests\u009b2J deny\u001b]0;x\u0085 network'));
    expect(quoted).toContain('guests\\x9b2J');
    expect(quoted).not.toMatch(RAW_CONTROL);
    expect(renderText(engine.diagnose(paste), { all: true })).not.toMatch(RAW_CONTROL);
  });

  it('should carry no raw C1 control in the JSON answer', async () => {
    expect(renderJson((await realEngine()).diagnose(paste))).not.toMatch(RAW_C1);
  });

  it('should send Slack only well-formed strings', async () => {
    const engine = await realEngine();
    const quoted = JSON.stringify(renderSlack(engine.diagnose('search guests\ud800 deny network')));
    expect(quoted).toContain('guests\ufffd');
    expect(quoted).not.toMatch(/\\ud800/);
    expect(JSON.stringify(renderSlack(engine.diagnose(`${paste}\nwhy does bob\ud800 get 401.1`)))).not.toMatch(/\\ud[89a-f]/);
  });
});

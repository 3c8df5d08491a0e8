import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnosis, RankedCause } from '../../src/diagnose.js';
import type { DiagnosisEngine } from '../../src/diagnose.js';
import { createEngine } from '../../src/engine.js';
import {
  ACTIONS,
  FIRST_ANSWER_BLOCKS,
  blockTextLength,
  decodeButtonValue,
  encodeButtonValue,
  escapeMrkdwn,
  markdownToMrkdwn,
  renderScanAnswer,
  renderSlack,
  SLACK_LIMITS,
  truncateMrkdwn,
} from '../../src/render/slack.js';
import type { SlackMessage } from '../../src/render/slack.js';
import type { Symptoms } from '../../src/symptoms.js';
import { visibleText } from '../helpers/visible-text.js';

const BASE = 'https://git.example.com/org/iis401/blob/main/';
const HASH = 'a'.repeat(64);

const SYMPTOMS: Symptoms = {
  kinds: ['iis-log'],
  requests: [],
  events: [],
  pages: [],
  traces: [],
  codes: [],
  tags: [],
  phrases: {},
  text: '',
  prose: '',
  redactions: 0,
  truncated: false,
  inputLength: 0,
  messages: [],
};

function cause(overrides: Partial<RankedCause> = {}): RankedCause {
  return {
    id: 'anon-password-mismatch',
    title: 'Anonymous user password differs',
    summary: 'IIS keeps its own copy of the password.',
    confidence: 'high',
    score: 12,
    why: ['sc-win32-status 1326 = ERROR_LOGON_FAILURE'],
    steps: ['Reset the password.', 'Set it in IIS.'],
    article: 'kb/causes/anon-password-mismatch.md',
    rules: ['anon-password-mismatch/win32-1326-anonymous'],
    ...overrides,
  };
}

function diagnosis(overrides: Partial<Diagnosis> = {}): Diagnosis {
  const causes = overrides.causes ?? [cause(), cause({ id: 'wrong-client-credentials', title: 'Wrong credentials', confidence: 'low', article: 'kb/causes/wrong-client-credentials.md' })];
  return {
    verdict: 'diagnosis',
    headline: causes[0]?.title ?? 'Nothing',
    input: { kinds: ['iis-log'], length: 10, redactions: 0, truncated: false },
    symptoms: SYMPTOMS,
    causes,
    next: [],
    notes: [],
    kbVersion: 'abc12345',
    ...overrides,
  };
}

/** Every Block Kit limit the renderer promises to respect. */
function expectWithinLimits(message: SlackMessage): void {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  let total = 0;
  for (const block of message.blocks) {
    total += blockTextLength(block);
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (block.type === 'section') {
      expect(block.text?.text.length ?? 0).toBeGreaterThan(0);
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      // An odd number of fences would leave a code block open.
      expect(((block.text?.text ?? '').match(/```/g) ?? []).length % 2).toBe(0);
    }
    if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
    if (block.type === 'actions') for (const e of block.elements) if (e.type === 'button') expect(e.value?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
  }
  expect(total).toBeLessThanOrEqual(12_000);
}

function allText(message: SlackMessage): string {
  return JSON.stringify(message.blocks);
}


describe('renderSlack', () => {
  it('should render a short first answer: verdict, confidence, why in one line, the first steps, article, candidates, plain buttons', () => {
    const message = renderSlack(diagnosis(), { kbBaseUrl: BASE, inputHash: HASH, share: true });
    const text = allText(message);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'Anonymous user password differs' } });
    expect(text).toContain('*Confidence:* high');
    expect(text).toContain('*Why:* sc-win32-status 1326');
    expect(text).toContain('*1.* Reset the password.');
    expect(text).toContain(`<${BASE}kb/causes/anon-password-mismatch.md|Anonymous user password differs>`);
    expect(text).toContain('Also possible: Wrong credentials (low)');
    expect(message.blocks.length).toBeLessThanOrEqual(FIRST_ANSWER_BLOCKS);
    const actions = message.blocks.find((b) => b.type === 'actions');
    expect(actions?.type === 'actions' && actions.elements.map((e) => ('action_id' in e ? e.action_id : ''))).toEqual([ACTIONS.nextCause, ACTIONS.helped, ACTIONS.notHelped, ACTIONS.share]);
    expect(JSON.stringify(message.blocks)).not.toContain('"style"');
    expectWithinLimits(message);
  });

  it('should keep internal ids (kb version, rule ids, cause ids) out of the blocks, and keep them in the button values', () => {
    for (const options of [{}, { allSteps: true }, { featured: 1, allSteps: true }, { kbBaseUrl: BASE }]) {
      const message = renderSlack(diagnosis(), { inputHash: HASH, ...options });
      expect(allText(message)).toContain('anon-password-mismatch/win32-1326-anonymous');
      const shown = visibleText(message);
      expect(shown).not.toContain('abc12345');
      expect(shown).not.toContain('anon-password-mismatch');
      expect(shown).not.toContain('win32-1326-anonymous');
    }
  });

  it('should show the article path as code without a kb base URL', () => {
    expect(allText(renderSlack(diagnosis()))).toContain('`kb/causes/anon-password-mismatch.md`');
  });

  it('should feature another cause and show every step on request', () => {
    const steps = ['one', 'two', 'three', 'four', 'five'];
    const d = diagnosis({ causes: [cause({ steps }), cause({ id: 'second', title: 'Second cause', steps })] });
    const first = renderSlack(d, { inputHash: HASH });
    expect(allText(first)).toContain('press *All steps*');
    expect(allText(first)).not.toContain('*4.* four');
    const all = renderSlack(d, { inputHash: HASH, allSteps: true, featured: 1 });
    expect(all.blocks[0]).toMatchObject({ text: { text: 'Cause 2 of 2: Second cause' } });
    expect(allText(all)).toContain('*5.* five');
    expect(allText(all)).not.toContain(ACTIONS.allSteps);
  });

  it('should stay within every Block Kit limit when steps are huge', () => {
    const huge = `**Do this:** ${'x'.repeat(2000)}\n\n   \`\`\`\n   ${'appcmd list site\n   '.repeat(300)}\`\`\`\n\n${'words '.repeat(800)}`;
    const d = diagnosis({
      headline: 'H'.repeat(400),
      causes: [cause({ title: 'T'.repeat(400), steps: Array.from({ length: 60 }, () => huge), why: Array.from({ length: 80 }, () => 'w'.repeat(200)), rules: Array.from({ length: 400 }, (_, i) => `rule/${i}-${'r'.repeat(20)}`) }), cause({ id: 'b' })],
      notes: Array.from({ length: 40 }, (_, i) => `note ${i} ${'n'.repeat(300)}`),
      next: [{ id: 'security-log', title: 'Read the log', tells: 't'.repeat(4000), commands: Array.from({ length: 100 }, () => 'Get-WinEvent'), guide: 'kb/guides/audit-logon-failures.md' }],
    });
    const message = renderSlack(d, { kbBaseUrl: BASE, inputHash: HASH, allSteps: true, share: true });
    expectWithinLimits(message);
    // Cut with a pointer to the full text instead of failing.
    expect(allText(message)).toContain('…shortened to fit Slack. The full text:');
    expect(message.blocks.at(-1)?.type).toBe('actions');
  });

  it('should escape &, < and > from the user and the kb but keep the links it builds', () => {
    const d = diagnosis({
      causes: [cause({ title: 'A <b> & <!channel>', why: ['cs-username <@U123> & <script>'], steps: ['Run `a && b > c` then see [the guide](../guides/audit-logon-failures.md) and <https://evil.example|click>'] })],
      notes: ['5 < 6 & 7 > 3'],
    });
    const message = renderSlack(d, { kbBaseUrl: BASE });
    // plain_text (the header) is never parsed for mentions or links, so it stays literal.
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'A <b> & <!channel>' } });
    const text = JSON.stringify(message.blocks.slice(1));
    expect(message.text).toContain('A &lt;b&gt; &amp; &lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('<https://evil.example');
    expect(text).toContain('`a &amp;&amp; b &gt; c`');
    expect(text).toContain('5 &lt; 6 &amp; 7 &gt; 3');
    expect(text).toContain(`<${BASE}kb/guides/audit-logon-failures.md|the guide>`);
  });

  it('should never let user text open a link, a mention or a code block it did not close (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.array(fc.string({ maxLength: 3000 }), { maxLength: 12 }), fc.string({ maxLength: 300 }), (title, steps, why) => {
        const d = diagnosis({ headline: title, causes: [cause({ title, steps, why: [why] }), cause({ id: 'x', title: why })], notes: [why] });
        const message = renderSlack(d, { inputHash: HASH, allSteps: true, share: true });
        expectWithinLimits(message);
        for (const block of message.blocks) {
          const texts = block.type === 'section' ? [block.text?.text ?? ''] : block.type === 'context' ? block.elements.map((e) => ('text' in e ? String(e.text) : '')) : [];
          for (const t of texts) for (const m of t.matchAll(/</g)) expect(t.slice(m.index, m.index + 5)).toBe('<http');
        }
      }),
      { numRuns: 150 },
    );
  });

  it('should keep button values under 2,000 characters however many rules there are', () => {
    const value = { h: HASH, i: 0, c: 'x', r: Array.from({ length: 500 }, (_, i) => `rule-${i}`), k: 'v' };
    const encoded = encodeButtonValue(value);
    expect(encoded.length).toBeLessThanOrEqual(2000);
    const decoded = decodeButtonValue(encoded);
    expect(decoded?.h).toBe(HASH);
    expect(decoded?.r?.length).toBeGreaterThan(10);
    expect(decodeButtonValue('{"h":"not-a-hash"}')).toBeUndefined();
    expect(decodeButtonValue('nonsense')).toBeUndefined();
  });
});

describe('markdownToMrkdwn', () => {
  it.each([
    ['**bold** and *it*', '*bold* and _it_'],
    ['[Guide](https://learn.microsoft.com/x?a=1&b=2)', '<https://learn.microsoft.com/x?a=1&amp;b=2|Guide>'],
    ['- one\n- two', '• one\n• two'],
    ['## Heading', '*Heading*'],
    ['a line\nwrapped here', 'a line wrapped here'],
    ['Run:\n\n   ```\n   appcmd list site\n     indented\n   ```', 'Run:\n\n```\nappcmd list site\n  indented\n```'],
  ])('should turn %j into %j', (markdown, expected) => {
    expect(markdownToMrkdwn(markdown)).toBe(expected);
  });

  it('should resolve a relative link against the article and the kb base URL, or show the path', () => {
    expect(markdownToMrkdwn('[auditing](../guides/audit-logon-failures.md)', { from: 'kb/causes/x.md', kbBaseUrl: BASE })).toBe(`<${BASE}kb/guides/audit-logon-failures.md|auditing>`);
    expect(markdownToMrkdwn('[auditing](../guides/audit-logon-failures.md)', { from: 'kb/causes/x.md' })).toBe('auditing (`kb/guides/audit-logon-failures.md`)');
  });
});

describe('truncateMrkdwn', () => {
  it('should close a code block it cuts and never split an entity or a link', () => {
    const cut = truncateMrkdwn(`intro\n\`\`\`\n${'line\n'.repeat(100)}\`\`\``, 120);
    expect(cut.length).toBeLessThanOrEqual(120);
    expect((cut.match(/```/g) ?? []).length % 2).toBe(0);
    expect(cut.endsWith('…')).toBe(true);
    const entity = truncateMrkdwn(`${'a'.repeat(95)}&amp;&amp;&amp;`, 100);
    expect(entity).toMatch(/^a+(&amp;)*…$/);
    const link = truncateMrkdwn(`${'a'.repeat(80)} <https://example.com/very/long/path|label>`, 100);
    expect(link).not.toContain('<https');
  });

  it('should escape only &, < and >', () => {
    expect(escapeMrkdwn('*a* _b_ `c` <d> & e')).toBe('*a* _b_ `c` &lt;d&gt; &amp; e');
  });
});

describe('every verdict from the real engine', () => {
  let engine: DiagnosisEngine;
  beforeAll(async () => {
    engine = await createEngine();
  });

  it.each([
    ['help', 'How to use iis401'],
    ['search guests deny network', 'Articles for'],
    ['search zzzqqq', 'No article matches'],
    ['2024-03-01 10:00:00 10.0.0.5 GET / - 443 - 10.0.0.9 Mozilla/5.0 - 200 0 0 15', 'there is no 401'],
    ['xyzzy', 'Nothing in this paste'],
    ['2024-03-01 10:00:00 10.0.0.5 GET /app/ - 443 - 10.0.0.9 Mozilla/5.0 - 401 1 1326 15', 'anon-password-mismatch'],
  ])('should render %j within limits', (input, expected) => {
    const message = renderSlack(engine.diagnose(input), { kbBaseUrl: BASE, inputHash: HASH, share: true, pathOf: (id) => engine.kb.byId.get(id)?.path });
    expectWithinLimits(message);
    expect(`${message.text}${allText(message)}`).toContain(expected);
  });
});

describe('renderScanAnswer', () => {
  it('should keep the scanner sections within the limits and add a vote', () => {
    const message = renderScanAnswer({ fileName: 'u_ex.log', sections: Array.from({ length: 80 }, () => 's'.repeat(5000)), text: 'Scanned', kbVersion: 'v', inputHash: HASH, topCause: { id: 'c', rules: ['r'], article: 'kb/causes/c.md' } });
    expectWithinLimits(message);
    expect(allText(message)).toContain(ACTIONS.helped);
    expect(allText(message)).toContain('iis401 scan');
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { InlineRunner } from '../../src/worker/inline.js';
import { DM, messageText, startHarness } from '../helpers/slack-harness.js';
import type { Harness } from '../helpers/slack-harness.js';
import { LOG_CAUSE, LOG_LINE } from '../helpers/samples.js';

// The scanner failing (or not there yet) must not cost the user an answer.
vi.mock('../../src/scan/index.js', () => ({
  scanBuffer: () => Promise.reject(new Error('iis401: the scan failed')),
  renderScanSlack: () => {
    throw new Error('iis401: the scan failed');
  },
}));

describe('a shared file when the scanner fails', () => {
  let harness: Harness;

  beforeAll(async () => {
    // The mock replaces the scanner on this thread only, so the files are read here too.
    const engine = await createEngine();
    harness = await startHarness({ engine, tasks: new InlineRunner(engine) });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('should diagnose the file text as a paste and say so', async () => {
    harness.api.files.set('F1', { id: 'F1', name: 'one-line.log', bytes: Buffer.from(`${LOG_LINE}\n`) });
    await harness.event({ type: 'file_shared', file_id: 'F1', user_id: 'U0ADMIN', file: { id: 'F1' }, channel_id: DM, event_ts: '1' });
    const [post] = harness.api.callsTo('chat.postMessage');
    expect(messageText(post?.args)).toContain('I read one-line.log as a paste');
    expect(messageText(post?.args)).toContain(LOG_CAUSE);
    expect(harness.logs.some((l) => l.startsWith('WARN') && l.includes('the scan failed'))).toBe(true);
  });

  it('should read a UTF-16 text export (Event Viewer) as text', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${LOG_LINE}\r\n`, 'utf16le')]);
    harness.api.files.set('F2', { id: 'F2', name: 'export.txt', bytes: utf16 });
    await harness.event({ type: 'file_shared', file_id: 'F2', user_id: 'U0ADMIN', file: { id: 'F2' }, channel_id: DM, event_ts: '1' });
    const posts = harness.api.callsTo('chat.postMessage');
    expect(messageText(posts[1]?.args)).toContain(LOG_CAUSE);
  });
});

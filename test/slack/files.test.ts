import { describe, expect, it } from 'vitest';
import { ADMIN, BOT_TOKEN, BOT_USER_ID, CHANNEL, DM, messageText, useHarness } from '../helpers/slack-harness.js';
import type { Harness } from '../helpers/slack-harness.js';
import { LOG_LINE, SECRET } from '../helpers/samples.js';

const W3C = [
  '#Software: Microsoft Internet Information Services 10.0',
  '#Version: 1.0',
  '#Date: 2024-03-01 10:00:00',
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
  ...Array.from({ length: 40 }, (_, i) => `2024-03-01 10:00:${String(i).padStart(2, '0')} 10.0.0.5 GET /app/ - 443 - 10.0.0.9 Mozilla/5.0 - 401 1 1326 15`),
].join('\r\n');

const QUIET = [
  '#Software: Microsoft Internet Information Services 10.0',
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
  '2024-03-01 10:00:00 10.0.0.5 GET / - 443 - 10.0.0.9 Mozilla/5.0 - 200 0 0 15',
].join('\r\n');

describe('files shared with the bot', () => {
  const harness = useHarness();

  const share = (fileId: string, channel: string, user = ADMIN): ReturnType<Harness['event']> =>
    harness.event({ type: 'file_shared', file_id: fileId, user_id: user, file: { id: fileId }, channel_id: channel, event_ts: '1700003000.000100' });
  const posts = (): Array<Record<string, unknown>> => harness.api.callsTo('chat.postMessage').map((c) => c.args);

  it('should download a .log shared in a DM with the bot token and answer there', async () => {
    harness.api.files.set('F1', { id: 'F1', name: 'u_ex240301.log', bytes: Buffer.from(W3C) });
    await share('F1', DM);
    expect(harness.api.callsTo('files.info')[0]?.args.file).toBe('F1');
    expect(harness.api.downloads).toEqual([{ name: 'u_ex240301.log', authorization: `Bearer ${BOT_TOKEN}` }]);
    expect(posts()).toHaveLength(1);
    expect(posts()[0]?.channel).toBe(DM);
    expect(messageText(posts()[0])).toMatch(/401/);
  });

  it('should answer a .log with 401s in a channel, in the thread of the share', async () => {
    harness.api.files.set('F2', { id: 'F2', name: 'u_ex240302.log', bytes: Buffer.from(W3C), channel: CHANNEL, shareTs: '1700003001.000100' });
    await share('F2', CHANNEL);
    expect(posts()).toHaveLength(1);
    expect(posts()[0]?.thread_ts).toBe('1700003001.000100');
  });

  it('should stay quiet in a channel when the file holds no 401', async () => {
    harness.api.files.set('F3', { id: 'F3', name: 'notes.txt', bytes: Buffer.from(QUIET), channel: CHANNEL, shareTs: '1700003002.000100' });
    await share('F3', CHANNEL);
    expect(harness.api.downloads).toHaveLength(1);
    expect(posts()).toHaveLength(0);
  });

  it('should leave other kinds of file alone, and its own uploads', async () => {
    harness.api.files.set('F4', { id: 'F4', name: 'screenshot.png', bytes: Buffer.from([0x89, 0x50]) });
    await share('F4', DM);
    harness.api.files.set('F5', { id: 'F5', name: 'report.log', bytes: Buffer.from(W3C) });
    await share('F5', DM, BOT_USER_ID);
    expect(harness.api.downloads).toHaveLength(0);
    expect(posts()).toHaveLength(0);
  });

  it('should say so, without downloading, when the file is over the size cap', async () => {
    harness.api.files.set('F6', { id: 'F6', name: 'huge.log', bytes: Buffer.from(W3C), reportedSize: 80 * 1024 * 1024 });
    await share('F6', DM);
    expect(harness.api.downloads).toHaveLength(0);
    expect(messageText(posts()[0])).toContain('I read files up to 50.0 MB');
  });

  it('should answer a file shared twice (retry) once', async () => {
    harness.api.files.set('F7', { id: 'F7', name: 'again.log', bytes: Buffer.from(W3C) });
    await share('F7', DM);
    await share('F7', DM);
    expect(posts()).toHaveLength(1);
  });

  it('should never post a secret found in a shared file', async () => {
    harness.api.files.set('F8', { id: 'F8', name: 'paste.txt', bytes: Buffer.from(`${LOG_LINE}\nAuthorization: Basic ${SECRET}\n`) });
    await share('F8', DM);
    expect(posts()).toHaveLength(1);
    expect(harness.api.rawBodies.join('\n')).not.toContain(SECRET);
  });

  it('should give a short message with a reference id when the file cannot be read', async () => {
    harness.api.failing.set('files.info', 'file_not_found');
    await share('F9', DM);
    const text = messageText(posts()[0]);
    const reference = /Reference: ([0-9a-f]{8})/.exec(text)?.[1];
    expect(reference).toBeDefined();
    expect(text).not.toContain('at ');
    expect(harness.logs.some((l) => l.startsWith('ERROR') && l.includes(`[ref ${reference}]`) && l.includes('file_not_found'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { measureSlackAck } from '../../bench/slack-ack.js';

describe('the slack-ack benchmark hook', () => {
  it('should time signed slash commands against the real app with no failures', async () => {
    const result = await measureSlackAck({ requests: 40, concurrency: 4 });
    expect(result.requests).toBe(40);
    expect(result.failures).toBe(0);
    expect(result.p50).toBeGreaterThan(0);
    expect(result.p99).toBeGreaterThanOrEqual(result.p50);
    expect(result.server.p99).toBeGreaterThanOrEqual(result.server.p50);
  });

  it('should time normal commands beside hostile ones in flight, leaving the hostile acks out', async () => {
    const result = await measureSlackAck({ requests: 20, concurrency: 4, hostile: 1 });
    expect(result.failures).toBe(0);
    expect(result.hostile?.sent).toBeGreaterThan(0);
    expect(result.hostile?.acked).toBe(result.hostile?.sent);
    expect(result.server.p99).toBeGreaterThanOrEqual(result.server.p50);
  });
});

// The load generator for the Slack ack benchmark, run in a worker thread: signing and sending 200
// requests at once is real work, and on the server's own thread it would be counted as the server's.
import { createHmac } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadJob {
  readonly url: string;
  readonly secret: string;
  readonly inputs: readonly string[];
  readonly warmUp: number;
  readonly requests: number;
  readonly concurrency: number;
  /** Hostile pastes kept in flight, as commands, for as long as the timed ones run (none by default). */
  readonly hostile?: { readonly inputs: readonly string[]; readonly inFlight: number };
}

/** The header that marks a hostile request, so that the server's timing leaves it out. */
export const HOSTILE_HEADER = 'x-iis401-bench-hostile';

export interface LoadResult {
  readonly latencies: number[];
  readonly failures: number;
  /** Hostile commands sent, and how many were acked. */
  readonly hostileSent?: number;
  readonly hostileAcked?: number;
}

let sent = 0;

function signedCommand(job: LoadJob, text: string, n: number, headers: Record<string, string> = {}): Promise<Response> {
  // Every command its own trigger_id, as Slack gives: a repeated one is refused as a replay.
  sent++;
  const body = new URLSearchParams({
    token: 'bench', team_id: 'T0BENCH', team_domain: 'bench', channel_id: 'C0BENCH', channel_name: 'bench', user_id: `U${n}`, user_name: 'bench',
    command: '/iis401', text, api_app_id: 'A0BENCH', response_url: 'http://127.0.0.1:9/response', trigger_id: `${sent}.${n}`,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', job.secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  // The body goes as a string: Bolt compares the content-type exactly, a charset suffix would fail.
  return fetch(job.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature, ...headers }, body });
}

async function timeOne(job: LoadJob, n: number): Promise<number | undefined> {
  const started = performance.now();
  try {
    const response = await signedCommand(job, job.inputs[n % job.inputs.length] ?? 'help', n);
    const text = await response.text();
    const elapsed = performance.now() - started;
    return response.status === 200 && text.includes('"response_type":"ephemeral"') ? elapsed : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `inFlight` hostile commands going until `done()`; each is acked ("working on it", or its stop). */
async function hostileLoad(job: LoadJob, done: () => boolean): Promise<{ hostileSent: number; hostileAcked: number }> {
  const counts = { hostileSent: 0, hostileAcked: 0 };
  const hostile = job.hostile;
  if (!hostile || hostile.inputs.length === 0) return counts;
  const sender = async (): Promise<void> => {
    while (!done()) {
      const text = hostile.inputs[counts.hostileSent % hostile.inputs.length] ?? '';
      counts.hostileSent++;
      try {
        const response = await signedCommand(job, text, counts.hostileSent, { [HOSTILE_HEADER]: '1' });
        await response.text();
        if (response.status === 200) counts.hostileAcked++;
      } catch {
        // counted as not acked
      }
    }
  };
  await Promise.all(Array.from({ length: hostile.inFlight }, sender));
  return counts;
}

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  for (let i = 0; i < Math.min(job.warmUp, job.requests); i++) await timeOne(job, i);
  let finished = false;
  const hostile = hostileLoad(job, () => finished);
  // The hostile commands reach the workers first, so the timed ones run beside them.
  if (job.hostile) await new Promise((resolve) => setTimeout(resolve, 200));
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < job.requests) {
      const n = next++;
      const ms = await timeOne(job, n);
      if (ms === undefined) failures++;
      else latencies.push(ms);
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.concurrency, Math.max(1, job.requests)) }, worker));
  finished = true;
  return { latencies, failures, ...(await hostile) };
}

if (parentPort && workerData) {
  const port = parentPort;
  runLoad(workerData as LoadJob).then(
    (result) => port.postMessage(result),
    (error: unknown) => port.postMessage({ latencies: [], failures: -1, error: String(error) }),
  );
}

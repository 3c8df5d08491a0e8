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
}

export interface LoadResult {
  readonly latencies: number[];
  readonly failures: number;
}

let sent = 0;

function signedCommand(job: LoadJob, text: string, n: number): Promise<Response> {
  // Every command its own trigger_id, as Slack gives: a repeated one is refused as a replay.
  sent++;
  const body = new URLSearchParams({
    token: 'bench', team_id: 'T0BENCH', team_domain: 'bench', channel_id: 'C0BENCH', channel_name: 'bench', user_id: `U${n}`, user_name: 'bench',
    command: '/iis401', text, api_app_id: 'A0BENCH', response_url: 'http://127.0.0.1:9/response', trigger_id: `${sent}.${n}`,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', job.secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  // The body goes as a string: Bolt compares the content-type exactly, a charset suffix would fail.
  return fetch(job.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature }, body });
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

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  for (let i = 0; i < Math.min(job.warmUp, job.requests); i++) await timeOne(job, i);
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
  return { latencies, failures };
}

if (parentPort && workerData) {
  const port = parentPort;
  runLoad(workerData as LoadJob).then(
    (result) => port.postMessage(result),
    (error: unknown) => port.postMessage({ latencies: [], failures: -1, error: String(error) }),
  );
}

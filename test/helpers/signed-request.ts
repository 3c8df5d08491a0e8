// Requests signed the way Slack signs them (v0 HMAC-SHA256 of "v0:<timestamp>:<raw body>").
import { createHmac } from 'node:crypto';

export const FORM = 'application/x-www-form-urlencoded';

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedOptions {
  /** Unix seconds; default now. */
  readonly timestamp?: number;
  /** Sign with this secret instead (a bad signature). */
  readonly secret?: string;
  readonly headers?: Record<string, string>;
}

export interface SignedResponse {
  readonly status: number;
  readonly text: string;
  readonly ms: number;
}

/**
 * POSTs a signed body. Forms go as a string with the exact content-type Bolt compares against: a
 * URLSearchParams body would add ";charset=UTF-8" and Bolt would answer 400.
 */
export async function postSigned(url: string, secret: string, body: string, contentType: string, options: SignedOptions = {}): Promise<SignedResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(options.secret ?? secret, timestamp, body),
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export function interactionBody(payload: unknown): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

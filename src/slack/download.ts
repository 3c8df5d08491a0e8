// Downloads a file shared in Slack (url_private_download) with the bot token. The token goes only to
// Slack's own file hosts (or to the configured SLACK_API_URL origin, a stand-in in tests), and the body
// is read up to a cap so a huge upload cannot exhaust memory.

/** Largest file read (bytes): 50 MB covers a day of logs of a busy site. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export class FileTooLargeError extends Error {
  readonly code = 'IIS401_FILE_TOO_LARGE';
  readonly size: number;
  readonly limit: number;

  constructor(size: number, limit: number) {
    super(`iis401: the file is larger than ${limit} bytes`);
    this.size = size;
    this.limit = limit;
  }
}

/** True for Slack's file hosts over https, or any URL on the same origin as the Web API override. */
export function mayReceiveToken(url: string, apiUrl?: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (apiUrl && target.origin === new URL(apiUrl).origin) return true;
  return target.protocol === 'https:' && (target.hostname === 'slack.com' || target.hostname.endsWith('.slack.com'));
}

export interface DownloadOptions {
  readonly url: string;
  readonly token: string;
  readonly limit?: number;
  readonly apiUrl?: string;
  readonly fetch?: typeof fetch;
}

export async function downloadSlackFile(options: DownloadOptions): Promise<Buffer> {
  const limit = options.limit ?? MAX_FILE_BYTES;
  if (!mayReceiveToken(options.url, options.apiUrl)) {
    throw new Error(`iis401: refusing to send the bot token to ${new URL(options.url).host}, which is not a Slack file host`);
  }
  const response = await (options.fetch ?? fetch)(options.url, { headers: { Authorization: `Bearer ${options.token}` } });
  if (!response.ok) throw new Error(`iis401: the file download answered HTTP ${response.status}`);
  // Without files:read (or with a wrong token) Slack answers 200 with its sign-in page.
  if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
    throw new Error('iis401: Slack answered the file download with a web page (is the files:read scope granted?)');
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw new FileTooLargeError(declared, limit);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw new FileTooLargeError(size, limit);
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks, size);
}

import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { noticeAnswer, OVER_BUDGET_TEXT, tellStopOrFailure } from '../../answer.js';
import { downloadSlackFile, FileTooLargeError, MAX_FILE_BYTES } from '../../download.js';
import { answerFile, READABLE_FILE } from '../../file-answer.js';
import type { Registration } from '../../registration.js';
import { postInThread } from '../../reply.js';
import type { SlackServices } from '../../services.js';
import { logAnswer } from '../../log.js';

export const registration = { kind: 'event', event: 'file_shared' } as const satisfies Registration;

interface Share {
  readonly ts?: string;
  readonly thread_ts?: string;
}

/** Where the file was posted in this channel, so the answer lands in that message's thread. */
function shareThread(shares: { public?: Record<string, Share[]>; private?: Record<string, Share[]> } | undefined, channel: string): string | undefined {
  const share = shares?.public?.[channel]?.[0] ?? shares?.private?.[channel]?.[0];
  return share?.thread_ts ?? share?.ts;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A .log/.txt file shared in a DM or a channel with the bot: files.info, a capped download with the bot
 * token, then the scanner. In a channel the bot stays quiet unless the file holds a 401.
 */
export function fileShared(services: SlackServices): Middleware<SlackEventMiddlewareArgs<'file_shared'>> {
  return async ({ event, context, client, logger }) => {
    const started = performance.now();
    if (event.user_id === context.botUserId) return;
    if (!services.seen.claim(`file:${event.file_id}:${event.channel_id}`)) return;
    const channel = event.channel_id;
    const direct = channel.startsWith('D');
    let threadTs: string | undefined;
    const say = (text: string): Promise<unknown> =>
      direct ? postInThread(client, channel, threadTs, noticeAnswer(text)) : client.chat.postEphemeral({ channel, user: event.user_id, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    try {
      const { file } = await client.files.info({ file: event.file_id });
      const name = file?.name ?? file?.title ?? '';
      if (!file || !READABLE_FILE.test(name)) return;
      threadTs = shareThread(file.shares as Parameters<typeof shareThread>[0], channel);
      const tooLarge = `${name} is ${megabytes(file.size ?? 0)}; I read files up to ${megabytes(MAX_FILE_BYTES)}. Run \`iis401 scan\` on it where it is, or share the part around the failures.`;
      if ((file.size ?? 0) > MAX_FILE_BYTES) {
        await say(tooLarge);
        return;
      }
      const url = file.url_private_download ?? file.url_private;
      if (!url) throw new Error('files.info gave no download URL');
      let data: Buffer;
      try {
        data = await downloadSlackFile({ url, token: context.botToken ?? services.config.botToken, ...(services.config.apiUrl ? { apiUrl: services.config.apiUrl } : {}), fetch: services.fetch });
      } catch (error) {
        if (!(error instanceof FileTooLargeError)) throw error;
        await say(`${name} is larger than ${megabytes(MAX_FILE_BYTES)}; I read files up to that size. Run \`iis401 scan\` on it where it is.`);
        return;
      }
      const answer = await answerFile(services, data, name);
      if (answer.kind === 'over-budget') {
        await say(`${name}: ${OVER_BUDGET_TEXT}`);
        return;
      }
      if (!direct && !answer.found) return;
      await postInThread(client, channel, threadTs, answer.message);
      logAnswer(logger, 'file', answer.message, started);
    } catch (error) {
      await tellStopOrFailure(logger, 'a shared file', error, (message) => say(message.text));
    }
  };
}

import { PassThrough } from 'node:stream';

/** A writable stream that keeps what was written, for stdout / stderr in tests. */
export function textSink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => {
    text += c.toString('utf8');
  });
  return { stream, text: () => text };
}

// Logs saved as UTF-16 (Notepad's "Unicode", PowerShell 5's `Out-File` and `>` redirection) are turned
// into UTF-8 on the fly; every other log passes through untouched, chunk for chunk.

import { TextDecoder } from 'node:util';

export type LogEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * The encoding told by the first bytes: a UTF-16 byte-order mark, or, without one, the zero bytes that
 * ASCII text has at every other place in UTF-16 (`2\0 0\0 2\0 4\0` or `#\0F\0`).
 */
export function sniffEncoding(head: Uint8Array): LogEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head.length >= 4) {
    if (head[0] !== 0 && head[1] === 0 && head[2] !== 0 && head[3] === 0) return 'utf-16le';
    if (head[0] === 0 && head[1] !== 0 && head[2] === 0 && head[3] !== 0) return 'utf-16be';
  }
  return 'utf-8';
}

/** The chunks as UTF-8: UTF-16 is decoded (the mark dropped, a character split across chunks kept whole). */
export async function* asUtf8(chunks: AsyncIterable<Buffer>, onEncoding: (encoding: LogEncoding) => void = () => undefined): AsyncGenerator<Buffer> {
  let decoder: TextDecoder | undefined;
  let first = true;
  for await (const chunk of chunks) {
    if (first) {
      first = false;
      const encoding = sniffEncoding(chunk);
      onEncoding(encoding);
      if (encoding !== 'utf-8') decoder = new TextDecoder(encoding);
    }
    if (decoder) yield Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8');
    else yield chunk;
  }
  if (decoder) {
    const rest = decoder.decode();
    if (rest) yield Buffer.from(rest, 'utf8');
  }
}

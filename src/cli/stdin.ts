/** Largest standard input read as one paste (bytes); the parser cuts further and says so. */
export const MAX_STDIN = 8 * 1024 * 1024;

/** Reads standard input up to MAX_STDIN bytes (even from a terminal: the user ends it with Ctrl-D). */
export async function readStdin(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    if (size + buffer.length > MAX_STDIN) {
      chunks.push(buffer.subarray(0, MAX_STDIN - size));
      size = MAX_STDIN;
      break;
    }
    chunks.push(buffer);
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

// Where scan reads from: files, folders of logs, gzip files and standard input, each as a stream of
// byte chunks. Nothing here holds more than two chunks of a file in memory.
import { createReadStream } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Bytes read from a plain file at a time: big enough that a read costs nothing per line. */
export const CHUNK_BYTES = 1 << 20;

export interface ScanInput {
  /** As given on the command line (or found in a folder); `-` for standard input. */
  readonly name: string;
  readonly path?: string;
  /** Bytes on disk (compressed size for .gz); 0 for standard input. */
  readonly size: number;
  readonly gzip: boolean;
  /**
   * The server the file is from, when it lies in a folder of a scanned root that names one: the first
   * folder under the root (ROOT/WEB01/W3SVC1/u_ex240301.log -> WEB01), unless that folder is a site's
   * (W3SVC1, FTPSVC2) or HTTPERR.
   */
  readonly server?: string;
}

const NOT_A_SERVER = /^(?:W3SVC\d*|FTPSVC\d*|SMTPSVC\d*|HTTPERR|LogFiles|logs?)$/i;

/** The server a file under `root` is from (see ScanInput.server). */
export function serverOf(root: string, file: string): string | undefined {
  const rest = relative(root, file).split(/[\\/]/);
  if (rest.length < 2) return undefined;
  const first = rest[0] ?? '';
  return first === '' || first === '..' || NOT_A_SERVER.test(first) ? undefined : first;
}

export class ScanInputError extends Error {
  readonly code = 'IIS401_SCAN_INPUT';
}

const LOG_NAME = /\.log(?:\.gz)?$/i;

function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return error instanceof Error ? error.message : String(error);
}

/** Bytes looked at a time for the directives before a part that starts inside a file. */
const CONTEXT_STEP = 1 << 20;

/**
 * The directive block (#Software ... #Fields) in force at `start` of a plain file: the lines from the last
 * `#Fields:` line before `start` back to the first of the `#` lines right before it. Empty when the file
 * has none before `start` (a headerless log).
 */
export async function directivesBefore(path: string, start: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    let end = start;
    let tail = Buffer.alloc(0);
    while (end > 0) {
      const from = Math.max(0, end - CONTEXT_STEP);
      const piece = Buffer.allocUnsafe(end - from);
      const { bytesRead } = await handle.read(piece, 0, end - from, from);
      // The part before `start` and a little of what came after it, so a line cut at `from` is found whole.
      const text = Buffer.concat([piece.subarray(0, bytesRead), tail]);
      const at = text.lastIndexOf('\n#Fields:');
      if (at >= 0 || from === 0) {
        const fields = at >= 0 ? at + 1 : text.indexOf('#Fields:') === 0 ? 0 : -1;
        if (fields < 0) return Buffer.alloc(0);
        const lineEnd = text.indexOf(0x0a, fields);
        let blockStart = fields;
        // Back over the directive lines right before it (#Software, #Version, #Date).
        while (blockStart > 0) {
          const previous = text.lastIndexOf(0x0a, blockStart - 2) + 1;
          if (text[previous] !== 0x23) break;
          blockStart = previous;
        }
        return Buffer.from(text.subarray(blockStart, lineEnd < 0 ? text.length : lineEnd + 1));
      }
      tail = text.subarray(0, Math.min(text.length, 64 * 1024));
      end = from;
    }
    return Buffer.alloc(0);
  } finally {
    await handle.close();
  }
}

/** The first bytes of a file (for its encoding). */
export async function headOf(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(head, 0, bytes, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Where the line holding byte `at` of a plain file ends (the byte after its LF), or the file's size. */
export async function lineEndAfter(path: string, at: number, size: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const piece = Buffer.allocUnsafe(CONTEXT_STEP);
    for (let from = at; from < size; from += CONTEXT_STEP) {
      const { bytesRead } = await handle.read(piece, 0, CONTEXT_STEP, from);
      if (bytesRead === 0) break;
      const nl = piece.subarray(0, bytesRead).indexOf(0x0a);
      if (nl >= 0) return from + nl + 1;
    }
    return size;
  } finally {
    await handle.close();
  }
}

/**
 * The log files under `dir`, sorted by name. Symbolic links are followed, each real folder and file once,
 * so a link back up the tree (a loop) or a second link to the same log adds nothing. Pipes, sockets and
 * devices are passed over: reading one could wait for ever.
 */
async function listLogs(dir: string, seen: Set<string>): Promise<string[]> {
  const real = await realpath(dir);
  if (seen.has(real)) return [];
  seen.add(real);
  const found: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      // A dangling link is passed over like any other file that is not a log.
      const target = await stat(path).catch(() => undefined);
      isDirectory = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDirectory) found.push(...(await listLogs(path, seen)));
    else if (isFile && LOG_NAME.test(entry.name)) {
      const file = await realpath(path);
      if (seen.has(file)) continue;
      seen.add(file);
      found.push(path);
    }
  }
  return found;
}

async function fileInput(path: string, name: string): Promise<ScanInput> {
  let handle: FileHandle | undefined;
  try {
    // Asked before opening: opening a pipe waits until something writes to it.
    const kind = await stat(path);
    if (!kind.isFile()) throw new ScanInputError(`iis401: cannot read ${name}: not a regular file (a pipe, socket or device); to scan a stream, pipe it in and name - instead`);
    handle = await open(path, 'r');
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    const info = await handle.stat();
    // By content, not by name: a rotated `u_ex240301.log.1` may be compressed, a `.gz` may not be.
    return { name, path, size: info.size, gzip: isGzip(head) };
  } catch (error) {
    if (error instanceof ScanInputError) throw error;
    throw new ScanInputError(`iis401: cannot read ${name}: ${reason(error)}`);
  } finally {
    await handle?.close();
  }
}

/**
 * The inputs named on the command line, in order; folders give their `*.log` and `*.log.gz` files,
 * recursively, sorted by name. A missing or unreadable path fails the whole scan before it starts.
 */
export async function resolveInputs(args: readonly string[]): Promise<ScanInput[]> {
  const inputs: ScanInput[] = [];
  const seen = new Set<string>();
  for (const arg of args) {
    if (arg === '-') {
      inputs.push({ name: '-', size: 0, gzip: false });
      continue;
    }
    let info;
    try {
      info = await stat(arg);
    } catch (error) {
      throw new ScanInputError(`iis401: cannot read ${arg}: ${reason(error)}`);
    }
    if (info.isDirectory()) {
      let files: string[];
      try {
        files = await listLogs(arg, seen);
      } catch (error) {
        throw new ScanInputError(`iis401: cannot read the folder ${arg}: ${reason(error)}`);
      }
      if (files.length === 0) throw new ScanInputError(`iis401: no .log or .log.gz files in ${arg}`);
      for (const file of files) {
        const input = await fileInput(file, file);
        const server = serverOf(arg, file);
        inputs.push(server ? { ...input, server } : input);
      }
    } else inputs.push(await fileInput(arg, arg));
  }
  return inputs;
}

/**
 * A plain file, read ahead into a second buffer while the caller scans the first. The yielded chunk is
 * reused after the caller asks for the next one.
 */
async function* readPlain(path: string, onBytes: (n: number) => void, range: ByteRange = {}): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  let position = range.start ?? 0;
  const stop = range.end ?? Number.POSITIVE_INFINITY;
  let current = Buffer.allocUnsafe(CHUNK_BYTES);
  let spare = Buffer.allocUnsafe(CHUNK_BYTES);
  const next = (into: Buffer): Promise<{ bytesRead: number }> => (position >= stop ? Promise.resolve({ bytesRead: 0 }) : handle.read(into, 0, Math.min(CHUNK_BYTES, stop - position), position));
  let reading = next(current);
  try {
    for (;;) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) return;
      position += bytesRead;
      const filled = current;
      current = spare;
      spare = filled;
      reading = next(current);
      onBytes(bytesRead);
      yield filled.subarray(0, bytesRead);
    }
  } finally {
    await reading.catch(() => undefined);
    await handle.close();
  }
}

async function* counted(stream: Readable, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    onBytes(buffer.length);
    yield buffer;
  }
}

/**
 * Compressed bytes handed to gunzip at a time. zlib inflates each piece it is given whole, whatever the
 * reader has taken: a 1 MB piece of a log that compresses 40:1 sits in memory as 40 MB, and one of a
 * gzip bomb (1000:1) as 1 GB. At 16 KB the most held is about 16 MB.
 */
export const GZIP_INPUT_BYTES = 16 * 1024;

async function* inPieces(source: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    for (let at = 0; at < chunk.length; at += GZIP_INPUT_BYTES) yield chunk.subarray(at, at + GZIP_INPUT_BYTES);
  }
}

/** Decompressed chunks of gzip data; a damaged or cut stream ends with the error, after what was read. */
export function gunzip(source: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncIterable<Buffer> {
  const unzip = createGunzip({ chunkSize: 256 * 1024 });
  const input = Readable.from(inPieces(source), { objectMode: false });
  input.on('error', (error) => unzip.destroy(error));
  input.pipe(unzip);
  return unzip;
}

/** Standard input, gunzipped on the fly when it starts with the gzip magic bytes. */
async function* readStdin(onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  const iterator = counted(process.stdin, onBytes)[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  async function* rest(): AsyncGenerator<Buffer> {
    yield first.value;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  if (isGzip(first.value)) yield* gunzip(rest());
  else yield* rest();
}

/** Part of a plain file: bytes [start, end). */
export interface ByteRange {
  readonly start?: number;
  readonly end?: number;
}

/**
 * The bytes of one input, decompressed; `onBytes` sees the bytes as stored (for progress). `range` is
 * for plain files only (a thread's part of a large log).
 */
export function readInput(input: ScanInput, onBytes: (n: number) => void = () => undefined, range?: ByteRange): AsyncIterable<Buffer> {
  if (input.path === undefined) return readStdin(onBytes);
  if (!input.gzip) return readPlain(input.path, onBytes, range);
  return gunzip(counted(createReadStream(input.path, { highWaterMark: CHUNK_BYTES }), onBytes));
}

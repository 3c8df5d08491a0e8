import { createHash } from 'node:crypto';

// Sigma wants a UUID per rule, and a re-export must keep it, so ids are name-based (RFC 4122 version 5:
// SHA-1 over a namespace and a name) rather than random.

/** The namespace of iis401's Sigma rule ids: uuidV5(URL namespace, "https://iis401.invalid/sigma"). */
export const SIGMA_ID_NAMESPACE = '98274a8a-5279-51cd-8e34-12679ebd830d';

function bytesOf(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`uuid: "${uuid}" is not a UUID`);
  return Buffer.from(hex, 'hex');
}

/** The version 5 UUID of `name` in `namespace`: the same inputs always give the same id. */
export function uuidV5(name: string, namespace: string = SIGMA_ID_NAMESPACE): string {
  const hash = createHash('sha1').update(bytesOf(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

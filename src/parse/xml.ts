// Small XML helpers shared by the event-log and FREB readers: both read Windows-schema `<Event>` elements
// out of pastes that may be cut anywhere, so these scan with indexOf instead of parsing a document.

/** A table entry, never one inherited from Object.prototype (a label may read "constructor:"). */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

const XML_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric references. */
export function decodeXml(value: string): string {
  return value.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/gi, (all, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16) % 0x110000);
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)) % 0x110000);
    return own(XML_ENTITIES, lower) ?? all;
  });
}

/**
 * Where each `<Event>` element of the Windows event schema starts and ends; an element cut off by
 * the end of the paste ends there (or where the next one starts). Shared with the FREB reader.
 */
export function xmlEventSpans(text: string, limit: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let close = -2;
  let pos = nextEventOpen(text, 0);
  while (pos !== -1 && spans.length < limit) {
    const next = nextEventOpen(text, pos + 6);
    if (close !== -1 && close < pos) close = text.indexOf('</Event>', pos);
    const end = close !== -1 && (next === -1 || close < next) ? close + 8 : next === -1 ? text.length : next;
    spans.push([pos, end]);
    pos = next;
  }
  return spans;
}

function nextEventOpen(text: string, from: number): number {
  let pos = text.indexOf('<Event', from);
  while (pos !== -1) {
    const c = text.charAt(pos + 6);
    if (c === '>' || c === ' ' || c === '\t' || c === '\n' || c === '\r') return pos;
    pos = text.indexOf('<Event', pos + 6);
  }
  return -1;
}

/** `<Data Name="X">value</Data>` pairs of one event, decoded; unnamed ones become "Data 1", "Data 2". */
export function xmlData(chunk: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let unnamed = 0;
  const tags = /<Data\b([^<>]{0,300})>/g;
  for (let m = tags.exec(chunk); m; m = tags.exec(chunk)) {
    const attributes = m[1] ?? '';
    const name = /\bName\s*=\s*["']([^"']*)["']/.exec(attributes)?.[1] ?? `Data ${++unnamed}`;
    const after = m.index + m[0].length;
    const close = chunk.indexOf('<', after);
    out.push([decodeXml(name), attributes.endsWith('/') ? '' : decodeXml(chunk.slice(after, close === -1 ? chunk.length : close))]);
  }
  return out;
}

// The words the admin wrote, apart from what a reader consumed as machine text: log lines (their user
// agents, URLs and query strings), event `Label: value` lines, and markup with its CSS and scripts (a
// URL the admin typed, "http://localhost/app", is their own words). Phrase tags, the search query and `text` rule conditions read only these, so "Safari" in a
// user agent or a CSS class "container" is never taken for something the admin said.

/** What the structured readers found, as far as the admin's words depend on it. */
export interface ConsumedText {
  /** 1-based numbers of the lines read as log records. */
  readonly logLines: ReadonlySet<number>;
  /** True when an event was read: then `Label: value` lines are the event's, not the admin's. */
  readonly events: boolean;
  /** True when an error page, a trace or an XML event was read: then markup lines are machine text. */
  readonly markup: boolean;
  /** Character ranges a reader consumed as records (XML events), in the text with `\n` line ends. */
  readonly ranges?: ReadonlyArray<readonly [number, number]>;
}

/** The text with each consumed range blanked, line ends kept, so offsets and line numbers still hold. */
function withoutRanges(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  let out = '';
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at || end > text.length) continue;
    out += text.slice(at, start) + text.slice(start, end).replace(/[^\n]/g, ' ');
    at = end;
  }
  return out + text.slice(at);
}

const SKIPPED_BLOCKS = ['style', 'script'];
const MAX_TAG = 400;

/** The text with `<style>` and `<script>` blocks and HTML comments removed. Linear (indexOf walks). */
function withoutBlocks(text: string): string {
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  let out = '';
  let at = 0;
  for (;;) {
    const comment = lower.indexOf('<!--', at);
    const block = SKIPPED_BLOCKS.map((name) => ({ name, start: lower.indexOf(`<${name}`, at) })).filter((b) => b.start !== -1).sort((a, b) => a.start - b.start)[0];
    const next = comment !== -1 && (!block || comment < block.start) ? { start: comment, end: '-->' } : block ? { start: block.start, end: `</${block.name}>` } : undefined;
    if (!next) return out + text.slice(at);
    out += text.slice(at, next.start);
    const close = lower.indexOf(next.end, next.start + 4);
    at = close === -1 ? text.length : close + next.end.length;
  }
}

/** An event's `Label: value` line ("Failure Reason: ...", "Ticket Encryption Type: 0x12", "Logon Type: 3"). */
const LABEL_LINE = /^[ \t]*[a-z][a-z ()/'-]{0,60}:(?:[ \t]|$)/i;
const MESSAGE_LINE = /^[ \t]*(?:Description|Message)[ \t]*:(.*)$/i;
/** A line that is only a label of the event's own layout, or a value under one ("0x12", "-", "S-1-5-18"). */
const VALUE_LINE = /^[ \t]*(?:-|0x[0-9a-f]{1,8}|\d{1,10}|S-1-[\d-]{1,80}|\{[0-9a-f-]{36}\})[ \t]*$/i;
const TAG = new RegExp(`<[^<>]{0,${MAX_TAG}}>`, 'g');

/** The admin's own words, line by line (dropped lines leave an empty line, so line numbers hold). */
export function adminWords(pasted: string, consumed: ConsumedText): string {
  const ranges = consumed.ranges ?? [];
  const text = ranges.length > 0 ? withoutRanges(pasted.replace(/\r\n?/g, '\n'), ranges) : pasted;
  const source = consumed.markup ? withoutBlocks(text) : text;
  const sameLines = source === text;
  const kept: string[] = [];
  source.split(/\r?\n/).forEach((line, index) => {
    if ((sameLines && consumed.logLines.has(index + 1)) || /^[ \t]*#/.test(line)) return void kept.push('');
    // An event's message sentence ("Description: ... no logon servers available") says what happened, as
    // the admin would; its `Label: value` fields do not.
    const message = consumed.events ? MESSAGE_LINE.exec(line) : null;
    if (message) return void kept.push((message[1] ?? '').trim());
    if (consumed.events && (LABEL_LINE.test(line) || VALUE_LINE.test(line))) return void kept.push('');
    // A dated line the log reader could not map is still a log line, not a sentence.
    if (/^[ \t]*\d{4}-\d{2}-\d{2}[ T]\d/.test(line)) return void kept.push('');
    // Markup is machine text when a page, trace or XML event was read; a config snippet the admin typed
    // (`<deny users="?" />`) is their own words.
    const words = consumed.markup ? line.replace(TAG, ' ') : line;
    kept.push(words.replace(/[ \t]+/g, ' ').trim());
  });
  return kept.join('\n');
}

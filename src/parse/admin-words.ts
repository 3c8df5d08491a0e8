// The words the admin wrote, apart from what a reader consumed as machine text: log lines (their user
// agents, URLs and query strings), an event's `Label: value` lines and its own message sentence, a FREB
// trace, an HTML error page, and markup with its CSS and scripts. A URL or a config snippet the admin typed
// ("http://localhost/app", `<deny users="?" />`) is their own words. Phrase tags, the search query, `text`
// rule conditions and the fitted model read only these, so "Safari" in a user agent, a CSS class
// "container" or an event's "Ticket Encryption Type" label is never taken for something the admin said.
import { eventLabelCount, isEventMessage } from './event-log.js';
import { isRenderedTraceLine } from './freb.js';

/** What the structured readers found, as far as the admin's words depend on it. */
export interface ConsumedText {
  /** 1-based numbers of the lines read as log records. */
  readonly logLines: ReadonlySet<number>;
  /** True when an event was read: then `Label: value` lines are the event's, not the admin's. */
  readonly events: boolean;
  /** True when an error page, a trace or an XML event was read: then markup lines are machine text. */
  readonly markup: boolean;
  /** True when a FREB trace was read: then its rendered event lines are machine text too. */
  readonly traces?: boolean;
  /** Character ranges a reader consumed as records (XML events), in the text with `\n` line ends. */
  readonly ranges?: ReadonlyArray<readonly [number, number]>;
}

/** The text with each consumed range blanked, line ends kept, so offsets and line numbers still hold. */
function withoutRanges(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  let out = '';
  let at = 0;
  // Readers' ranges may overlap (a trace's root holds the <Event> elements the event reader also read).
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const from = Math.max(start, at);
    const to = Math.min(end, text.length);
    if (to <= from) continue;
    out += text.slice(at, from) + text.slice(from, to).replace(/[^\n]/g, ' ');
    at = to;
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
const MESSAGE_LINE = /^[ \t]*(?:Description|Message)[ \t]*:/i;
const STAMP = /\b\d{1,2}:\d{2}:\d{2}\b/;
/** The header OSSEC and Wazuh put above an event they forward ("** Alert 1616656646.64059551: mail - ..."). */
const SIEM_ALERT = /^\*\* Alert \d{1,12}\.\d{1,12}:/;
const IPV4 = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/;
const BARE_LABEL = /^[ \t]*[a-z][a-z ()/'-]{0,60}:[ \t]*$/i;
/**
 * The paragraphs Windows appends to a Security event's message to explain its fields ("The Logon Type
 * field indicates...", "- Package name indicates..."): the same for every event of the id.
 */
const EXPLANATION =
  /^[ \t]*(?:-[ \t]*)?(?:This event is (?:generated|logged)\b|It is generated on\b|The [a-z ]{1,40} fields? (?:indicates?|provides?)\b|(?:Transited services|Package name|Key length) indicates?\b|Certificate information is only provided\b|(?:Pre-authentication types|Ticket options), |If the ticket was malformed\b|Workstation name is not always\b|This will be 0 if\b)/i;
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
  let afterBareLabel = false;
  let inMessage = false;
  source.split(/\r?\n/).forEach((line, index) => {
    // "Category:" on a line of its own, its value on the next ("Account Logon"): both the event's. So is
    // a message Format-List wraps onto indented lines.
    const continues = /^[ \t]+\S/.test(line);
    const valueOfLabel = consumed.events && (afterBareLabel || (inMessage && continues));
    afterBareLabel = consumed.events && BARE_LABEL.test(line);
    inMessage = consumed.events && (MESSAGE_LINE.test(line) || (inMessage && continues));
    if (valueOfLabel) return void kept.push('');
    if ((sameLines && consumed.logLines.has(index + 1)) || /^[ \t]*#/.test(line)) return void kept.push('');
    // An event's own message ("An account failed to log on.", "Description: no logon servers available")
    // is Windows' wording for the event id, which the event reader already read: not the admin's words.
    if (consumed.events && (MESSAGE_LINE.test(line) || isEventMessage(line) || EXPLANATION.test(line) || LABEL_LINE.test(line) || VALUE_LINE.test(line))) return void kept.push('');
    // An event pasted on one line ("Event ID 4625. Failure Reason: ... Logon Type: 3 ...").
    if (consumed.events && eventLabelCount(line) >= 2) return void kept.push('');
    if (consumed.traces && isRenderedTraceLine(line)) return void kept.push('');
    // A dated line the log reader could not map is still a log line, not a sentence; so is a line stamped
    // with a time to the second and an IPv4 address beside an event (a SIEM's or syslog's header).
    if (/^[ \t]*\d{4}-\d{2}-\d{2}[ T]\d/.test(line)) return void kept.push('');
    if (consumed.events && ((STAMP.test(line) && IPV4.test(line)) || SIEM_ALERT.test(line))) return void kept.push('');
    // Markup is machine text when a page, trace or XML event was read; a config snippet the admin typed
    // (`<deny users="?" />`) is their own words.
    const words = consumed.markup ? line.replace(TAG, ' ') : line;
    kept.push(words.replace(/[ \t]+/g, ' ').trim());
  });
  return kept.join('\n');
}

import type { ErrorPageRecord, ParseMessage } from '../symptoms.js';
import { toUint32 } from '../codes/decode.js';

/** Longest text examined (characters); the dispatcher caps pastes too, this guards direct callers. */
export const MAX_PAGE_TEXT = 1_048_576;
/** Longest line looked at; error-page lines are short, a longer one is not a heading. */
const MAX_LINE = 2048;
/** Most pages read from one paste. */
const MAX_PAGES = 50;

export interface ErrorPageReadResult {
  readonly pages: ErrorPageRecord[];
  readonly messages: ParseMessage[];
  /** 1-based numbers of the lines read as a page's heading or detail table (text pages; HTML is markup). */
  readonly consumedLines?: ReadonlySet<number>;
  /** Where an HTML page sits, in the text with `\n` line ends: all of it is the page's words, none the admin's. */
  readonly consumed?: ReadonlyArray<readonly [number, number]>;
}

type Style = ErrorPageRecord['style'];
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Page = Mutable<ErrorPageRecord>;
type DetailField = 'Module' | 'Notification' | 'Handler' | 'ErrorCode' | 'RequestedURL' | 'PhysicalPath' | 'LogonMethod' | 'LogonUser';

// "Detailed Error Information" labels of the IIS 7+ page (codes.md §7.1); null = known but not kept.
const DETAIL_LABELS: Readonly<Record<string, DetailField | null>> = {
  module: 'Module', notification: 'Notification', handler: 'Handler', 'error code': 'ErrorCode',
  'requested url': 'RequestedURL', 'physical path': 'PhysicalPath', 'logon method': 'LogonMethod',
  'logon user': 'LogonUser', 'failed request tracing log directory': null, 'config error': null, 'config file': null,
  'config source': null,
};
const DETAIL_LINE =
  /^(module|notification|handler|error code|requested url|physical path|logon method|logon user|failed request tracing log directory|config error|config file|config source)(?:[ \t\u00a0]*:|[ \t\u00a0])(.*)$/i;
const DETAIL_ALONE =
  /^(module|notification|handler|error code|requested url|physical path|logon method|logon user|failed request tracing log directory|config error|config file|config source)[ \t\u00a0]*:?$/i;

/** Reason phrases after "NNN.N - " in IIS headings. */
const REASON =
  /^(?:Unauthorized|Forbidden|Not Found|Internal Server Error|Bad Request|Method Not Allowed|Not Acceptable|Service Unavailable|Bad Gateway|Gateway Timeout|Request Timeout|Conflict|Gone|Length Required|Precondition Failed|Request Entity Too Large|URL Too Long|Unsupported Media Type|Not Implemented|Too Many Requests)\b/i;
/** Texts of the IIS 7+ custom pages in %SystemDrive%\inetpub\custerr (404 and 500 carry no reason phrase). */
const CUSTOM_TEXT = /^(?:File or directory not found|Internal server error)\b/i;

/** The sentences IIS prints under a 401 heading: the page's words, not the admin's ("permission" is no ACL clue). */
const PAGE_SENTENCE =
  /^(?:You (?:do not|might not) have permission to view this directory or page\b|You are not authorized to view this page\b|The page you are trying to access cannot be loaded\b|The Web server is configured to not list the contents of this directory\b|The requested page cannot be accessed because the related configuration data for the page is invalid\b|This configuration section cannot be used at this path\b|Server Error in (?:Application\b|'[^']{0,200}' Application\b)|Error Summary$|Go to Microsoft Product Support Services and perform a title search\b|Open IIS Help, which is accessible in IIS Manager\b)/i;

/** The lines of a browser's own error page around "HTTP ERROR 401": kept as words unless that page was read. */
const BROWSER_PAGE_LINE = /^(?:This page isn[\u2019']t working\b|If the problem continues, contact the site owner\.?$|Reload$|HTTP ERROR \d{3}$)/i;

/** An HTTP.sys page's own lines, whole (an admin's sentence that starts the same way has more words). */
const HTTPSYS_PAGE_LINE = /^(?:Bad Request - (?:Request Too Long|Invalid (?:Header|Hostname|URL|Verb))|HTTP Error \d{3}\. The [^.]{1,100}\.)$/i;

/** The footer of IIS 5/6 pages (and the 7+ detailed page's product line). */
const PAGE_FOOTER = /^Internet Information Services\b|^Technical Information \(for support personnel\)/i;

/** Reads IIS / HTTP.sys / browser error pages (text or HTML) into page records. Never throws. */
export function readErrorPages(text: string): ErrorPageReadResult {
  const messages: ParseMessage[] = [];
  try {
    const consumedLines = new Set<number>();
    const raw = typeof text === 'string' ? text : '';
    const pages = readAll(raw, messages, consumedLines);
    const span = pages.length > 0 ? htmlSpan(raw.slice(0, MAX_PAGE_TEXT).replace(/\r\n?/g, '\n')) : undefined;
    return { pages, messages, consumedLines, consumed: span ? [span] : [] };
  } catch (error) {
    messages.push({ severity: 'warning', ruleId: 'error-page/failed', text: `the error page could not be read (${String(error)})` });
    return { pages: [], messages };
  }
}

function readAll(raw: string, messages: ParseMessage[], consumedLines: Set<number>): Page[] {
  let text = raw.length > MAX_PAGE_TEXT ? raw.slice(0, MAX_PAGE_TEXT) : raw;
  const html = looksLikeHtml(text);
  if (html) text = htmlToText(text);
  // Line numbers of a text page are the paste's; an HTML page's are not (its markup is dropped as a whole).
  const consume = (lineNo: number): void => void (html ? undefined : consumedLines.add(lineNo));
  let lineNo = 0;
  const pages: Page[] = [];
  const orphan: Partial<Page> = {};
  let current: Page | undefined;
  let pending: DetailField | null | undefined;
  let notAuthorizedTitle = false;
  let iisFooter = false;
  const browserLines: number[] = [];
  for (const full of text.replace(/\r\n?/g, '\n').split('\n')) {
    lineNo++;
    const line = full.length > MAX_LINE ? '' : full.trim();
    if (line === '') continue;
    const heading = readHeading(line);
    // An HTTP.sys or browser heading may sit in the admin's sentence ("HTTP 400 ... too long for users in many groups").
    if (heading && heading.style !== 'httpsys' && heading.style !== 'browser') consume(lineNo);
    if (heading && HTTPSYS_PAGE_LINE.test(line)) consume(lineNo);
    if (BROWSER_PAGE_LINE.test(line)) browserLines.push(lineNo);
    if (heading) {
      if (!(current && sameAs(current, heading))) {
        if (pages.length >= MAX_PAGES) break;
        current = heading;
        pages.push(current);
      }
      pending = undefined;
      continue;
    }
    if (pending !== undefined && !DETAIL_ALONE.test(line) && !DETAIL_LINE.test(line)) {
      consume(lineNo);
      setDetail(current ?? orphan, pending, line);
      pending = undefined;
      continue;
    }
    pending = undefined;
    const alone = DETAIL_ALONE.exec(line);
    const detail = alone ? undefined : DETAIL_LINE.exec(line);
    if (alone?.[1] || detail?.[1] || /^Detailed Error Information:?$/i.test(line) || PAGE_SENTENCE.test(line) || PAGE_FOOTER.test(line)) consume(lineNo);
    if (alone?.[1]) pending = DETAIL_LABELS[alone[1].toLowerCase()];
    else if (detail?.[1]) setDetail(current ?? orphan, DETAIL_LABELS[detail[1].toLowerCase()], detail[2] ?? '');
    else if (/^You are not authorized to view this page$/i.test(line)) notAuthorizedTitle = true;
    else if (PAGE_FOOTER.test(line)) iisFooter = true;
  }

  if (pages.some((p) => p.style === 'browser')) for (const n of browserLines) consume(n);

  // The "Detailed Error Information" table alone, without its heading (often pasted that way).
  const orphanCount = Object.keys(orphan).length;
  if (orphanCount >= 2 && pages.length === 0) pages.push({ kind: 'error-page', style: 'iis7-detailed', ...orphan });
  else if (orphanCount > 0 && pages[0]?.style === 'iis7-detailed') pages[0] = { ...orphan, ...pages[0] };

  // IIS 5/6 page pasted without its "HTTP Error 401.N" line: a 401 whose sub-status is not visible.
  if (pages.length === 0 && notAuthorizedTitle && iisFooter) {
    pages.push({ kind: 'error-page', style: 'iis6', 'sc-status': 401, Heading: 'You are not authorized to view this page' });
    messages.push({ severity: 'info', ruleId: 'error-page/no-substatus', text: 'the IIS 5/6 error page was pasted without its "HTTP Error 401.N" line, so the sub-status is not known; the W3C log (sc-substatus) has it' });
  }
  for (const page of pages) {
    if (page.style === 'iis7-custom' && page['sc-substatus'] === undefined) {
      messages.push({ severity: 'info', ruleId: 'error-page/custom-page', text: `"${page.Heading ?? ''}" is the IIS custom error page, the same for every ${page['sc-status'] ?? ''}.x; the sub-status must come from the W3C log (sc-substatus) or from a request made on the server itself (detailed errors)` });
    }
  }
  return pages.map(tidy);
}

function tidy(page: Page): Page {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(page)) if (value !== undefined && value !== '') out[key] = value;
  return out as Page;
}

function sameAs(page: Page, other: Page): boolean {
  // A page repeats its heading (title, h2); HTTP.sys pages have a title line and an "HTTP Error" line.
  return page.style === other.style && page['sc-status'] === other['sc-status'] && page['sc-substatus'] === other['sc-substatus'] && page.Module === undefined;
}

function page(style: Style, heading: string, status: string, substatus?: string): Page {
  return {
    kind: 'error-page',
    style,
    'sc-status': Number(status),
    ...(substatus === undefined ? {} : { 'sc-substatus': Number(substatus) }),
    Heading: heading.replace(/\s+/g, ' '),
  };
}

function readHeading(line: string): Page | undefined {
  let m = /^HTTP Error (\d{3})(?:\.(\d{1,3}))? - (.+)$/.exec(line);
  if (m?.[1] && m[3]) {
    // IIS 6 writes "Unauthorized: Access is denied ..." on the same line; IIS 7+ only the reason phrase.
    const reason = m[3].trim();
    const iis7 = REASON.test(reason) && !/^[^:]{1,40}:/.test(reason);
    return page(iis7 ? 'iis7-detailed' : 'iis6', line, m[1], m[2]);
  }
  m = /^HTTP Error (\d{3})\. (\S.*)$/.exec(line);
  if (m?.[1]) return page('httpsys', line, m[1]);
  m = /^HTTP (\d{3})\.(\d{1,3}) - (\S.*)$/.exec(line);
  if (m?.[1]) return page('iis5', line, m[1], m[2]);
  m = /^(\d{3})(?:\.(\d{1,3}))? - (\S.*)$/.exec(line);
  if (m?.[1] && m[3] && (REASON.test(m[3]) || CUSTOM_TEXT.test(m[3]))) {
    if (m[2] === undefined) return page('iis7-custom', line, m[1]);
    return page(m[3].includes(':') ? 'iis6' : 'iis7-detailed', line, m[1], m[2]);
  }
  if (/^Bad Request - Request Too Long$|^(?:HTTP(?: Error)? 400\b|Bad Request\b).{0,80}too long/i.test(line)) {
    return page('httpsys', line, '400');
  }
  m = /^HTTP ERROR (\d{3})$/.exec(line);
  if (m?.[1]) return page('browser', line, m[1]);
  return undefined;
}

function setDetail(target: Partial<Page>, field: DetailField | null | undefined, raw: string): void {
  const value = raw.trim();
  if (!field || value === '' || target[field] !== undefined) return;
  if (field === 'ErrorCode') {
    const code = toErrorCode(value);
    if (code) target.ErrorCode = code;
    return;
  }
  target[field] = value;
}

/** `0x` + 8 upper-case hex digits, from hex, unsigned or signed decimal (0x5 -> 0x00000005). */
export function toErrorCode(raw: string): string | undefined {
  const token = /(?:^|[\s(])(0x[0-9a-f]{1,8}|-?\d{1,11})\b/i.exec(raw)?.[1];
  const value = token === undefined ? undefined : toUint32(token);
  return value === undefined ? undefined : `0x${value.toString(16).toUpperCase().padStart(8, '0')}`;
}

// ---------- HTML ----------

const HTML_TAG = /<(?:!doctype|\/?(?:html|head|body|title|div|h[1-6]|table|tr|th|td|fieldset|legend|p|br|span|ul|li|hr)[\s>/])/i;

function looksLikeHtml(text: string): boolean {
  return HTML_TAG.test(text);
}

/**
 * From the page's first HTML tag to its last `>`: the heading, the advice and any CSS class between are
 * the server's text. A sentence the admin wrote before or after the markup stays theirs.
 */
export function htmlSpan(text: string): [number, number] | undefined {
  const page = HTML_TAG.exec(text)?.index;
  if (page === undefined) return undefined;
  // The page may open with a tag the reader does not name (`<blockquote>`, `<center>`).
  const start = Math.min(page, /<[a-z!]/i.exec(text)?.index ?? page);
  const end = text.lastIndexOf('>');
  return end > start ? [start, end + 1] : undefined;
}

const BLOCK_TAGS = new Set([
  'br', 'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'li', 'ul', 'ol', 'title', 'table', 'fieldset',
  'legend', 'hr', 'head', 'body', 'html', 'section', 'header', 'footer',
]);
const SKIPPED_TAGS = ['script', 'style'];
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Tags to line breaks and cell breaks, script/style/comments dropped, entities decoded. Linear. */
function htmlToText(html: string): string {
  // Lower-case ASCII only, so indexes stay the same as in the original.
  const lower = html.replace(/[A-Z]/g, (c) => c.toLowerCase());
  let out = '';
  let i = 0;
  let gt = -2; // the next '>' at or after a tag start, kept so that many '<' without '>' stay linear
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    if (lower.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    if (gt !== -1 && gt <= lt) gt = html.indexOf('>', lt + 1);
    if (gt !== -1 && (html[lt + 1] === '!' || html[lt + 1] === '?')) {
      i = gt + 1; // <!DOCTYPE ...>, <?xml ...?>
      continue;
    }
    const name = /^<\/?([a-z][a-z0-9]*)/.exec(lower.slice(lt, lt + 20))?.[1];
    if (gt === -1 || !name) {
      out += '<';
      i = lt + 1;
      continue;
    }
    i = gt + 1;
    if (SKIPPED_TAGS.includes(name) && lower[lt + 1] !== '/') {
      const close = lower.indexOf(`</${name}`, i);
      i = close === -1 ? html.length : close;
    } else if (BLOCK_TAGS.has(name)) {
      out += '\n';
    } else if (name === 'td' || name === 'th') {
      out += '\t';
    }
  }
  return out.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (all, entity: string) => {
    const e = entity.toLowerCase();
    if (e.startsWith('#x')) return String.fromCodePoint(Number.parseInt(e.slice(2), 16) % 0x110000);
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)) % 0x110000);
    return Object.hasOwn(ENTITIES, e) ? ENTITIES[e] ?? all : all;
  });
}

const BOILERPLATE_START = /^\s*(?:[-•*]\s*)?(?:Most likely causes|Things you can try|Please try the following|Links and More Information|More Information)\s*(?::\s*)?$/i;
const BOILERPLATE_END = /^\s*(?:Detailed Error Information|Technical Information|HTTP Error \d{3}|Internet Information Services|Server Error)\b/i;

/**
 * The paste without the advice that IIS prints on every error page ("Most likely causes", "Things you can
 * try", ...): those lists name proxies, IUSR and authorization rules on every page, and would read as if
 * the admin had said them.
 */
export function withoutPageBoilerplate(text: string): string {
  if (!/Most likely causes|Things you can try|Please try the following|More Information/i.test(text)) return text;
  const kept: string[] = [];
  let skipping = false;
  let blankRun = 0;
  for (const line of text.split('\n')) {
    if (BOILERPLATE_START.test(line)) {
      skipping = true;
      blankRun = 0;
      continue;
    }
    if (skipping) {
      blankRun = line.trim() === '' ? blankRun + 1 : 0;
      // Advice lists end at the next part of the page, or at two blank lines (the admin's own words follow).
      if (BOILERPLATE_END.test(line) || blankRun >= 2) skipping = false;
      else continue;
    }
    kept.push(line);
  }
  return kept.join('\n');
}

import { escapeMrkdwn, SLACK_LIMITS } from '../render/slack.js';
import { escapeControls } from '../text/well-formed.js';
import { bucketLabel } from './causes.js';
import { formatBytes, formatCount, formatTop, summaryLine, topFailure, unauthorizedLine } from './render-text.js';
import type { ScanReport } from './types.js';

/** Block Kit caps a section's text (SLACK_LIMITS.sectionText, 3,000 characters); stay clear of it. */
export const SLACK_SECTION_LIMIT = SLACK_LIMITS.sectionText - 100;
/** Buckets given their own detail section; the table still lists every bucket (up to TABLE_ROWS). */
const DETAILED_BUCKETS = 4;
const TABLE_ROWS = 15;
const SLACK_TOP = 3;

/** Cuts a section to the limit on a line boundary, closing a code block it cut through. */
export function fitSection(text: string, limit = SLACK_SECTION_LIMIT): string {
  if (text.length <= limit) return text;
  const room = limit - 40;
  let cut = text.lastIndexOf('\n', room);
  if (cut < room / 2) cut = room;
  let head = text.slice(0, cut);
  const fences = head.split('```').length - 1;
  if (fences % 2 === 1) head += '\n```';
  return `${head}\n… (cut; the full report: iis401 scan --json)`;
}

/**
 * The report as Slack mrkdwn sections (each under 3,000 characters) plus fallback text. Everything taken
 * from the log is escaped, so that a URL or a user name cannot open a link or a mention.
 */
export function renderScanSlack(report: ScanReport): { text: string; sections: string[] } {
  const sections: string[] = [];
  const statuses = Object.entries(report.byStatus)
    .sort(([, a], [, b]) => b - a)
    .map(([status, count]) => `${status}: ${formatCount(count)}`)
    .join(' · ');
  const stopped = report.stopped ? `\nStopped at the limit of ${formatBytes(report.stopped.maxBytes)} of log text: the counts are for what was read before it.` : '';
  sections.push(`*${escapeMrkdwn(summaryLine(report))}*\n${statuses || 'no requests read'}\n*${unauthorizedLine(report)}*${stopped}`);

  if (report.unauthorized.length > 0) {
    const rows = report.unauthorized.slice(0, TABLE_ROWS).map((b) => {
      const label = bucketLabel(b).padEnd(44);
      return `${label} ${formatCount(b.count).padStart(10)} ${formatCount(b.challenge).padStart(10)} ${formatCount(b.failure).padStart(10)}`;
    });
    const more = report.unauthorized.length > TABLE_ROWS ? `\n… and ${report.unauthorized.length - TABLE_ROWS} more code pairs` : '';
    sections.push(`\`\`\`\n${'401 code'.padEnd(44)} ${'count'.padStart(10)} ${'challenge'.padStart(10)} ${'failure'.padStart(10)}\n${rows.join('\n')}\n\`\`\`${more}`);
  }

  if (report.servers && report.servers.length > 0) {
    const rows = report.servers.slice(0, TABLE_ROWS).map((s) => `${s.name.slice(0, 20).padEnd(20)} ${formatCount(s.unauthorized).padStart(10)} ${formatCount(s.failure).padStart(10)}  ${topFailure(s)}`);
    const more = report.servers.length > TABLE_ROWS ? `\n… and ${report.servers.length - TABLE_ROWS} more servers` : '';
    sections.push(`*${report.servers.length} servers*\n\`\`\`\n${'server'.padEnd(20)} ${'401s'.padStart(10)} ${'failure'.padStart(10)}  most failures\n${rows.join('\n').replace(/`/g, "'")}\n\`\`\`${more}`);
  }

  if (report.causes.length > 0) {
    const lines = [`*Likely causes of the ${formatCount(report.failure)} real failures*`];
    report.causes.forEach((cause, i) => {
      lines.push(`${i + 1}. *${escapeMrkdwn(cause.title)}* (${cause.confidence})`);
      for (const why of cause.why.slice(0, 2)) lines.push(`     • ${escapeMrkdwn(why)}`);
      lines.push(`     article: \`${cause.article}\``);
    });
    sections.push(lines.join('\n'));
  } else if (report.notes.length > 0) sections.push(report.notes.map(escapeMrkdwn).join('\n'));

  // A channel reads cause titles; the ids are the JSON report's.
  const causeTitle = (id: string | undefined): string | undefined => (id ? report.causes.find((c) => c.id === id)?.title : undefined);
  const failing = report.unauthorized.filter((b) => b.failure > 0).sort((a, b) => b.failure - a.failure).slice(0, DETAILED_BUCKETS);
  for (const bucket of failing) {
    const span = bucket.first ? ` · ${bucket.first} → ${bucket.last ?? bucket.first} UTC` : '';
    const code = (value: string): string => `\`${escapeMrkdwn(value).replace(/`/g, "'")}\``;
    sections.push(
      [
        `*${escapeMrkdwn(bucketLabel(bucket))}*: ${formatCount(bucket.failure)} real failures of ${formatCount(bucket.count)}${span}`,
        `URLs: ${formatTop(bucket.topUrls, SLACK_TOP, code)}`,
        `users: ${formatTop(bucket.topUsers, SLACK_TOP, code)}`,
        `clients: ${formatTop(bucket.topClients, SLACK_TOP, code)}`,
        ...(causeTitle(bucket.cause) ? [`likely cause: ${escapeMrkdwn(causeTitle(bucket.cause) ?? '')}`] : []),
      ].join('\n'),
    );
  }

  const problems = [
    ...(report.unreadable.count > 0 ? [`${formatCount(report.unreadable.count)} unreadable line(s), e.g.:`, ...report.unreadable.examples.map((e) => `\`${escapeMrkdwn(e).replace(/`/g, "'")}\``)] : []),
    ...report.warnings.map((w) => `warning: ${escapeMrkdwn(w)}`),
  ];
  if (problems.length > 0) sections.push(problems.join('\n'));

  const top = report.causes[0];
  const text = `${summaryLine(report)}. ${unauthorizedLine(report)}${top ? `. Most likely cause: ${top.title}` : ''}`;
  return { text: escapeControls(escapeMrkdwn(text)), sections: sections.map((s) => fitSection(escapeControls(s))) };
}

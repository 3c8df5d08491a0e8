import type { Diagnosis } from '../diagnose.js';
import { escapeControls } from '../text/well-formed.js';
import { HELP_INTRO, SLASH_USAGE } from './usage.js';

function indent(text: string, prefix: string): string {
  return text.split('\n').map((line) => (line ? prefix + line : line)).join('\n');
}

/** Markdown emphasis and links reduced to plain terminal text. */
function plain(markdown: string): string {
  return markdown
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\[([^[\]]+)\]\(([^)\s[]+)\)/g, '$1 ($2)')
    .replace(/^```\w*\n?/gm, '')
    .replace(/`([^`\n]+)`/g, '$1');
}

/** The diagnosis as a person reads it in a terminal, control characters escaped. `all` shows every cause's steps, not only the first. */
export function renderText(diagnosis: Diagnosis, options: { all?: boolean } = {}): string {
  return escapeControls(textOf(diagnosis, options));
}

function textOf(diagnosis: Diagnosis, options: { all?: boolean }): string {
  const out: string[] = [];
  if (diagnosis.verdict === 'help') {
    return [HELP_INTRO, '', 'In Slack:', ...SLASH_USAGE.map((l) => `  ${l}`), '', 'On the command line: iis401 --help'].join('\n');
  }
  if (diagnosis.verdict === 'search') {
    out.push(diagnosis.headline, '');
    if (!diagnosis.search?.length) out.push('No article matches those words.');
    for (const hit of diagnosis.search ?? []) out.push(`${hit.id}  ${hit.title}`, `    ${hit.summary}`);
    return out.join('\n');
  }
  out.push(diagnosis.headline);
  for (const note of diagnosis.notes.filter((n) => !n.startsWith('Code read:'))) out.push(`  note: ${note}`);
  diagnosis.causes.forEach((cause, i) => {
    out.push('', `${i + 1}. ${cause.title}  [${cause.id}, confidence ${cause.confidence}, score ${cause.score}]`);
    for (const why of cause.why) out.push(`   - ${why}`);
    if (i === 0 || options.all) {
      out.push('   Fix:');
      cause.steps.forEach((step, n) => out.push(indent(`${n + 1}. ${plain(step)}`, '     ')));
    }
    out.push(`   Article: ${cause.article}`);
  });
  for (const check of diagnosis.next) {
    out.push('', `Next check: ${check.title}`, `  ${check.tells}`, ...check.commands.map((c) => `    ${c}`));
    if (check.guide) out.push(`  Guide: ${check.guide}`);
  }
  const codes = diagnosis.notes.filter((n) => n.startsWith('Code read:'));
  if (codes.length) out.push('', ...codes);
  out.push('', `(kb ${diagnosis.kbVersion}; read: ${diagnosis.input.kinds.join(', ') || 'nothing'}${diagnosis.input.redactions ? `; ${diagnosis.input.redactions} secret(s) redacted` : ''})`);
  return out.join('\n');
}

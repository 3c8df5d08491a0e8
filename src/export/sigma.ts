import type { Article } from '../kb/load.js';
import type { Condition, Rule } from '../kb/schema.js';
import { toFacts } from '../match/facts.js';
import { ruleHolds } from '../match/match.js';
import { parse } from '../parse/index.js';
import { articleUrl } from '../render/slack.js';
import { conditionClauses, toDetection } from './detection.js';
import type { Clause, Detection } from './detection.js';
import { LOG_SOURCES } from './log-sources.js';
import type { LogSourceSpec, SigmaLogSource, SourceKey } from './log-sources.js';
import { uuidV5 } from './uuid.js';

// The kb rules as Sigma rules: one Sigma rule per kb rule and log source (a rule on a code that shows
// up in the IIS log and in the Security log becomes two, as a Sigma rule has one log source). Rules a
// single log event cannot decide (words of a paste, the order of requests, the IIS version) are
// listed with the reason instead. Pure: the same kb gives the same rules, byte for byte.

export type SigmaLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';

/** A Sigma detection rule, its keys in the order Sigma's own rules use. */
export interface SigmaRule {
  readonly title: string;
  readonly id: string;
  readonly status: 'experimental';
  readonly description: string;
  readonly references: readonly string[];
  readonly author: string;
  readonly date: string;
  readonly tags: readonly string[];
  readonly logsource: SigmaLogSource;
  readonly detection: Detection;
  readonly fields: readonly string[];
  readonly falsepositives: readonly string[];
  readonly level: SigmaLevel;
}

export interface ExportedRule {
  /** Path inside the export folder, forward slashes: `iis-log/account-locked-out.code.yml`. */
  readonly file: string;
  readonly source: SourceKey;
  readonly kbRule: string;
  readonly cause: string;
  readonly article: string;
  readonly sigma: SigmaRule;
}

export interface NotExported {
  readonly kbRule: string;
  readonly cause: string;
  readonly reason: string;
}

export interface SigmaExport {
  readonly rules: readonly ExportedRule[];
  readonly notExported: readonly NotExported[];
}

export interface SigmaExportOptions {
  /** Where article links point (KB_BASE_URL); without it a reference is the repository path. */
  readonly kbBaseUrl?: string;
}

/**
 * The `date` of every exported rule. Fixed on purpose: a re-export of an unchanged kb must be byte
 * identical, so the date cannot be today's; it is the day this export format was written.
 */
export const SIGMA_RULE_DATE = '2026-12-03';

export const SIGMA_AUTHOR = 'iis401 knowledge base (iis401 export sigma)';

/** Why a field of a kb rule has no place in a log event, for fields no log source carries. */
const PASTE_REASONS: Readonly<Record<string, string>> = {
  tag: 'phrase tags come from the words of a paste; no log field carries them',
  text: 'it matches words of the pasted text, not a log field',
  sequence: 'it needs the order of requests for one client and URL (was the challenge answered?); a Sigma detection rule sees one event at a time',
  iis: 'the IIS version comes from the paste as a whole (its #Software header or its words), not from a field of each log line',
  kind: 'it asks which kinds of input the paste holds',
};

const LOG_FIELDS = new Set(['code', 'anonymous', 'record', ...LOG_SOURCES.flatMap((s) => Object.keys(s.fields))]);

const LOG_RECORDS = new Set(LOG_SOURCES.map((s) => s.record));

/** Why a condition is outside every log source, or undefined when some log carries its field. */
function fieldReason([field, condition]: [string, Condition]): string | undefined {
  if (PASTE_REASONS[field]) return `${field}: ${PASTE_REASONS[field]}`;
  if (field === 'record' && !LOG_RECORDS.has(String(condition))) return `record: it asks for ${String(condition)} records (an IIS error page or a trace), which no Sigma log source holds`;
  if (!LOG_FIELDS.has(field)) return `${field}: it is read from an IIS error page or a Failed Request Tracing file, which no Sigma log source holds`;
  return undefined;
}

/**
 * A rule on codes alone is also matched against the paste as a whole (src/match/match.ts), so
 * `code: all: [a, b]` may be met by two different lines, e.g. the two legs of a challenge.
 */
function acrossLines(rule: Rule): string | undefined {
  const code = rule.when.code;
  const onlyCodes = Object.keys(rule.when).every((field) => field === 'code');
  if (!onlyCodes || typeof code !== 'object' || (code.all?.length ?? 0) < 2) return undefined;
  return `code: all of ${code.all?.join(', ')} may come from different lines of one paste; a Sigma rule sees one line at a time`;
}

/** The normal challenge legs: a SIEM sees each of them, iis401 hides them once a success answers them. */
const CHALLENGE_LEGS = ['401 2 5', '401 1 2148074254', '401 2 2148074254', '401 1 0'].map(
  (tail) => `2024-03-01 10:00:00 10.0.0.5 GET /app/ - 80 - 10.0.0.9 Mozilla/5.0 - ${tail} 15`,
);

function holdsOnChallengeLeg(rule: Rule): boolean {
  return CHALLENGE_LEGS.some((line) => toFacts(parse(line)).facts.some((f) => !f.wholePaste && ruleHolds(rule, f)));
}

/** The cause that is not a fault: hits are for counting, never for alerting. */
const NORMAL_CAUSE = 'auth-handshake-normal';

/** Rule weight (0.5-10, the strength of the evidence) to Sigma level. */
export function levelOf(weight: number, cause: string): SigmaLevel {
  if (cause === NORMAL_CAUSE) return 'informational';
  if (weight >= 9) return 'high';
  if (weight >= 7) return 'medium';
  if (weight >= 4) return 'low';
  return 'informational';
}

function falsePositives(rule: Rule, source: LogSourceSpec, cause: string, onLegs: boolean): string[] {
  const list: string[] = [];
  if (onLegs) {
    list.push(
      'Normal NTLM / Negotiate challenge legs (401 2 5, then 401 1 2148074254, then a 200 for the same client and URL): iis401 diagnose hides legs that a success answers, a SIEM rule sees every line. Count per client and URL over a minute, or correlate with the 2xx that follows.',
    );
  }
  if (cause === NORMAL_CAUSE) list.push('This is the normal handshake, not a fault: use it to count, not to alert.');
  list.push('One failure that the retry fixes; alert on counts per server, account or client over a time window rather than on every hit.');
  if (source.key === 'windows-security') list.push('Logons of other applications than IIS on the same server; check ProcessName and LogonType (3 network, 8 IIS Basic / anonymous).');
  return list;
}

function titleOf(article: Article, rule: Rule, source: LogSourceSpec): string {
  const slug = rule.id.slice(rule.id.indexOf('/') + 1);
  const title = `IIS 401: ${article.title} (${slug}, ${source.label})`;
  return title.length <= 256 ? title : `${title.slice(0, 255)}…`;
}

function descriptionOf(article: Article, rule: Rule): string {
  return [
    `Cause: ${article.title}. ${article.summary}`,
    `Why this rule points at it: ${rule.why}`,
    `From iis401 kb rule ${rule.id} (weight ${rule.weight}). A hit names one candidate cause; paste the event or log lines into "iis401 diagnose" for the ranked answer and the fix, and read the article in references.`,
  ].join('\n');
}

/** The clauses of every condition of a kb rule in one log, or why that log cannot hold them all. */
function clausesIn(rule: Rule, source: LogSourceSpec): { clauses: Clause[] } | { refused: string } {
  const clauses: Clause[] = [];
  for (const [field, condition] of Object.entries(rule.when)) {
    const result = conditionClauses(field, condition, source);
    if ('refused' in result) return { refused: `${field}: ${result.refused}` };
    clauses.push(...result.clauses);
  }
  return { clauses };
}

function sigmaRule(article: Article, rule: Rule, source: LogSourceSpec, clauses: readonly Clause[], options: SigmaExportOptions): SigmaRule {
  // Most hits of a rule that also fires on the normal challenge legs are legs: count, do not alert.
  const onLegs = source.key === 'iis-log' && holdsOnChallengeLeg(rule);
  return {
    title: titleOf(article, rule, source),
    id: uuidV5(`${rule.id}#${source.key}`),
    status: 'experimental',
    description: descriptionOf(article, rule),
    references: [articleUrl(options.kbBaseUrl, article.path) ?? article.path],
    author: SIGMA_AUTHOR,
    date: SIGMA_RULE_DATE,
    tags: [`iis401.${article.id}`],
    logsource: source.logsource,
    detection: toDetection(clauses),
    fields: source.display,
    falsepositives: falsePositives(rule, source, article.id, onLegs),
    level: onLegs ? 'informational' : levelOf(rule.weight, article.id),
  };
}

/** Every kb rule of every cause, as Sigma rules or as a reason why not. */
export function exportSigma(articles: readonly Article[], options: SigmaExportOptions = {}): SigmaExport {
  const rules: ExportedRule[] = [];
  const notExported: NotExported[] = [];
  for (const article of articles) {
    for (const rule of article.rules) {
      const outside = [...Object.entries(rule.when).map(fieldReason), acrossLines(rule)].filter((r): r is string => r !== undefined);
      if (outside.length > 0) {
        notExported.push({ kbRule: rule.id, cause: article.id, reason: outside.join('; ') });
        continue;
      }
      const refusals: string[] = [];
      for (const source of LOG_SOURCES) {
        const result = clausesIn(rule, source);
        if ('refused' in result) {
          refusals.push(`${source.label}: ${result.refused}`);
          continue;
        }
        const slug = rule.id.slice(rule.id.indexOf('/') + 1);
        rules.push({
          file: `${source.key}/${article.id}.${slug}.yml`,
          source: source.key,
          kbRule: rule.id,
          cause: article.id,
          article: article.path,
          sigma: sigmaRule(article, rule, source, result.clauses, options),
        });
      }
      if (refusals.length === LOG_SOURCES.length) {
        notExported.push({ kbRule: rule.id, cause: article.id, reason: `its conditions never meet in one log event (${refusals.join('; ')})` });
      }
    }
  }
  return { rules, notExported };
}

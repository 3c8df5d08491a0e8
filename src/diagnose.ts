import type { AppliedAnswer } from './ask/bayes.js';
import { answeredConfidence, rerankWithAnswers } from './ask/rerank.js';
import type { AskedQuestion } from './ask/rerank.js';
import { describeCode } from './codes/decode.js';
import type { Step } from './kb/body.js';
import type { Article, KnowledgeBase } from './kb/load.js';
import { matchRules } from './match/match.js';
import { parse } from './parse/index.js';
import { chooseNextChecks, startingChecks } from './rank/next-check.js';
import type { NextCheck } from './rank/next-check.js';
import { confidenceOf, rankCauses } from './rank/rank.js';
import type { RankedCandidate } from './rank/rank.js';
import { labelOf } from './model/calibrate.js';
import { pasteFeatures } from './model/features.js';
import { predictCauses, termLabel } from './model/model.js';
import { modelAnswer, REJECT_LABELS } from './model/verdict.js';
import type { ModelVerdict } from './model/verdict.js';
import type { PasteFeatures } from './model/features.js';
import type { CauseModel } from './model/model.js';
import { ArticleIndex } from './search/index.js';
import type { SearchHit } from './search/index.js';
import type { IisEra, Symptoms } from './symptoms.js';

/** At most this many causes are shown. */
export const MAX_CAUSES = 5;

export type Confidence = 'high' | 'medium' | 'low';

export interface RankedCause {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly confidence: Confidence;
  readonly score: number;
  /** P(cause | paste, answers) among the ranked candidates (src/rank/probability.ts, then the answers by Bayes). */
  readonly probability?: number;
  readonly why: readonly string[];
  /** Fix steps as Markdown, chosen for the IIS generation when the paste tells it. */
  readonly steps: readonly string[];
  readonly article: string;
  readonly rules: readonly string[];
}

export type Verdict = 'diagnosis' | 'not-sure' | 'normal-challenge' | 'not-401' | 'nothing-recognised' | 'help' | 'search';

interface FittedAnswer {
  readonly verdict: ModelVerdict;
  readonly confidence: Confidence;
  readonly candidates: readonly RankedCandidate[];
  readonly probabilities: ReadonlyMap<string, number>;
}

const MODEL_NOT_A_401 = 'This reads as a problem other than a 401 (another status code, or no authentication failure): the causes below are the 401 causes the paste is nearest to, in case it is one after all.';
const NOT_SURE_NOTE = 'The paste is not close enough to any cause in the knowledge base to name one with confidence: it may be a cause the knowledge base does not hold. The candidates below are the nearest; the check or question below tells them apart.';

export interface Diagnosis {
  readonly verdict: Verdict;
  readonly headline: string;
  readonly input: {
    readonly kinds: Symptoms['kinds'];
    readonly length: number;
    readonly redactions: number;
    readonly truncated: boolean;
    readonly iis?: Symptoms['iis'];
  };
  readonly symptoms: Symptoms;
  readonly causes: readonly RankedCause[];
  readonly next: readonly NextCheck[];
  readonly notes: readonly string[];
  readonly search?: readonly SearchHit[];
  readonly kbVersion: string;
  /** The question whose answer best separates the leading causes (kb/questions.yml), when one is worth asking. */
  readonly question?: AskedQuestion;
  /** The answers that updated this ranking, in the order of kb/questions.yml. */
  readonly answers?: readonly AppliedAnswer[];
}

export interface DiagnoseOptions {
  /** Answers to kb/questions.yml, question key → answer value (or its number from 1). */
  readonly answers?: Readonly<Record<string, string>>;
}

/** Steps for one IIS generation: unlabelled steps always, labelled ones only for their era. */
export function stepsFor(steps: readonly Step[], era: IisEra | undefined): string[] {
  return steps.filter((s) => era === undefined || s.era === undefined || s.era === era).map((s) => s.markdown);
}

function notA401(symptoms: Symptoms): string | undefined {
  const statuses = symptoms.codes.filter((c) => c.family === 'status' || c.family === 'substatus');
  if (statuses.length === 0 || statuses.some((c) => c.family === 'substatus' || c.key === 'status:401')) return undefined;
  if (/\b401\b/.test(symptoms.text)) return undefined;
  const failing = statuses.filter((c) => !/^status:[23]\d\d/.test(c.key));
  if (failing.length === 0) return 'Every request in the paste succeeded (2xx/3xx): there is no 401 to diagnose.';
  return `This is not a 401: ${failing.map((c) => `${c.raw} means ${c.meaning ?? 'an HTTP error other than 401'}`).join('; ')}.`;
}

/** Repeated bad-password failures for one account: each one counts toward the lockout threshold. */
export const LOCKOUT_RISK_COUNT = 3;

function lockoutRisk(symptoms: Symptoms): string | undefined {
  const counts = new Map<string, number>();
  for (const r of symptoms.requests) {
    if (r['sc-status'] === 401 && r['sc-win32-status'] === 1326) {
      const who = r['cs-username'] ?? 'the anonymous account';
      counts.set(who, (counts.get(who) ?? 0) + 1);
    }
  }
  for (const e of symptoms.events) {
    if ((e.SubStatus === '0xC000006A' || e.Status === '0xC000006A' || e.EventID === 529) && e.TargetUserName) {
      counts.set(e.TargetUserName, (counts.get(e.TargetUserName) ?? 0) + 1);
    }
  }
  const [who, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (!who || (count ?? 0) < LOCKOUT_RISK_COUNT) return undefined;
  return `${count} bad-password failures for ${who}: if an account lockout policy applies, this account is about to be locked out (event 4740 / 644 on the domain controller), which turns every request into 401.1 1909.`;
}

function codeNotes(symptoms: Symptoms): string[] {
  return symptoms.codes
    .filter((c) => c.family !== 'status' && c.family !== 'substatus')
    .slice(0, 6)
    .map((c) => describeCode(c));
}

export class DiagnosisEngine {
  readonly kb: KnowledgeBase;
  private readonly index: ArticleIndex;
  private readonly causes: readonly Article[];
  /** The fitted model (model/cause-model.json); without it the rule engine's blend answers alone. */
  readonly model: CauseModel | undefined;
  /** Catalog cause ids, then the labels the model learns beside them: what `predictCauses` scores. */
  private readonly catalog: readonly string[];
  private readonly labels: readonly string[];

  constructor(kb: KnowledgeBase, index: ArticleIndex = ArticleIndex.build(kb.articles), model?: CauseModel) {
    this.kb = kb;
    this.causes = kb.articles.filter((a) => a.kind === 'cause');
    this.index = index;
    this.model = model;
    this.catalog = this.causes.map((a) => a.id);
    this.labels = [...this.catalog, ...REJECT_LABELS];
  }

  /** The search index, for the kb cache. */
  searchIndexJson(): string {
    return this.index.toJSON();
  }

  search(text: string, limit = 10): SearchHit[] {
    return this.index.query(text, limit);
  }

  /** The rule engine's blended ranking of the causes for one parsed paste. */
  private rankedBy(symptoms: Symptoms): RankedCandidate[] {
    const hits = matchRules(symptoms, this.causes);
    const hasProse = symptoms.kinds.includes('prose') || symptoms.kinds.includes('event') || symptoms.kinds.includes('error-page');
    const searchHits = hasProse ? this.index.queryPaste(symptoms.prose, 15).filter((h) => this.kb.byId.get(h.id)?.kind === 'cause') : [];
    return rankCauses(symptoms, hits, searchHits, this.causes, hasProse);
  }

  /**
   * The fitted model's reading: every catalog cause as a candidate ordered by probability (a decisive code's
   * cause first), the rule engine's reasons kept and the prose terms that weighed most added.
   */
  private fittedAnswer(symptoms: Symptoms, engineRanked: readonly RankedCandidate[]): FittedAnswer | undefined {
    // Nothing the rules or the search recognised: the model would only guess among the priors.
    if (!this.model || engineRanked.length === 0) return undefined;
    const features = pasteFeatures(symptoms, engineRanked, this.causes);
    const answer = modelAnswer(predictCauses(this.model, this.labels, features), this.catalog, features, this.model.calibration);
    const byId = new Map(engineRanked.map((c) => [c.id, c]));
    const candidates = answer.ranked.map((p): RankedCandidate => {
      const engine = byId.get(p.id);
      const words = p.terms.filter((t) => t.term.startsWith('w:') || t.term.startsWith('b:')).slice(0, 4).map((t) => termLabel(t.term));
      const reasons = [...(engine?.reasons ?? []), ...(words.length > 0 ? [`the admin's words point here: ${words.join(', ')}`] : [])];
      return { id: p.id, score: engine?.score ?? 0, hits: engine?.hits ?? [], searchScore: engine?.searchScore ?? 0, reasons };
    });
    return { verdict: answer.verdict, confidence: answer.confidence, candidates, probabilities: new Map(answer.ranked.map((p) => [p.id, p.probability])) };
  }

  /** Catalog cause ids, in the order `features` lists their evidence. */
  causeIds(): string[] {
    return [...this.catalog];
  }

  /** What the fitted model reads of a paste (src/model/features.ts). */
  features(text: string): PasteFeatures {
    const symptoms = parse(text);
    return pasteFeatures(symptoms, this.rankedBy(symptoms), this.causes);
  }

  diagnose(text: string, options: DiagnoseOptions = {}): Diagnosis {
    const symptoms = parse(text);
    const input = {
      kinds: symptoms.kinds,
      length: symptoms.inputLength,
      redactions: symptoms.redactions,
      truncated: symptoms.truncated,
      ...(symptoms.iis ? { iis: symptoms.iis } : {}),
    };
    const base = { input, symptoms, kbVersion: this.kb.version };
    const notes: string[] = symptoms.messages.filter((m) => m.severity === 'warning' || m.ruleId === 'input/redacted' || m.ruleId === 'error-page/custom').map((m) => m.text);

    if (symptoms.command?.verb === 'help') {
      return { ...base, verdict: 'help', headline: 'How to use iis401', causes: [], next: [], notes };
    }
    if (symptoms.command?.verb === 'search') {
      const hits = this.search(symptoms.command.argument, 8);
      return { ...base, verdict: 'search', headline: `Articles for "${symptoms.command.argument}"`, causes: [], next: [], notes, search: hits };
    }

    let notAuth = notA401(symptoms);
    const engineRanked = this.rankedBy(symptoms);
    const fitted = this.fittedAnswer(symptoms, engineRanked);
    if (!notAuth && fitted?.verdict === 'not-401') notAuth = MODEL_NOT_A_401;
    let ranked = fitted ? fitted.candidates : engineRanked;
    // A non-401 status only keeps causes that a rule points at (a 400 can still be a Kerberos token).
    if (notAuth) ranked = ranked.filter((c) => c.hits.length > 0);
    const asked = rerankWithAnswers(ranked, this.kb.questions ?? [], options.answers, fitted?.probabilities);
    ranked = asked.ranked;
    const era = symptoms.iis?.era;
    const calibration = this.model?.calibration;
    const confidenceAt = (candidate: RankedCandidate, i: number): Confidence => {
      if (asked.applied.length > 0) return answeredConfidence(asked.probabilities.get(candidate.id));
      if (fitted && calibration) return i === 0 ? fitted.confidence : labelOf(fitted.probabilities.get(candidate.id) ?? 0, calibration);
      return confidenceOf(candidate, ranked[i + 1]);
    };
    const causes: RankedCause[] = ranked.slice(0, MAX_CAUSES).map((candidate, i) => {
      const article = this.kb.byId.get(candidate.id) as Article;
      return {
        id: candidate.id,
        title: article.title,
        summary: article.summary,
        confidence: confidenceAt(candidate, i),
        score: candidate.score,
        probability: Math.round((asked.probabilities.get(candidate.id) ?? 0) * 1000) / 1000,
        why: candidate.reasons.length > 0 ? candidate.reasons : ['the words of the paste match this article'],
        steps: stepsFor(article.steps, era),
        article: article.path,
        rules: candidate.hits.map((h) => h.rule.id),
      };
    });

    if (notAuth) notes.unshift(notAuth);
    const risk = lockoutRisk(symptoms);
    if (risk) notes.push(risk);
    notes.push(...codeNotes(symptoms).map((n) => `Code read: ${n}`));
    if (era === undefined && causes.length > 0) notes.push('The IIS version is not in the paste: steps for IIS 6 and IIS 7+ are both shown, labelled.');

    const [first, second] = causes;
    const recordSources = (i: number): Set<string> => new Set(ranked[i]?.hits.filter((h) => h.rule.weight >= 6 && h.source !== 'the paste as a whole').map((h) => h.source));
    const firstSources = recordSources(0);
    const secondSources = recordSources(1);
    if (first && second && firstSources.size > 0 && secondSources.size > 0 && ![...firstSources].some((s) => secondSources.has(s))) {
      notes.unshift(`This paste holds two separate problems: ${first.title} (${[...firstSources].join(', ')}) and ${second.title} (${[...secondSources].join(', ')}).`);
    }

    if (!first) {
      return {
        ...base,
        verdict: notAuth ? 'not-401' : 'nothing-recognised',
        headline: notAuth ?? 'Nothing in this paste points to a known 401 cause yet.',
        causes: [],
        next: notAuth ? [] : startingChecks(symptoms),
        notes: notAuth ? notes.slice(1) : [...notes, 'Paste a W3C log line with its status triplet (401 1 1326), the Security event logged at the same time, or the IIS error page.'],
      };
    }
    const next = first.confidence === 'high' ? [] : chooseNextChecks(causes.slice(0, 3).map((c) => c.id), symptoms, 1);
    const normal = first.id === 'auth-handshake-normal';
    const notSure = fitted?.verdict === 'not-sure' && asked.applied.length === 0 && !notAuth;
    if (notSure) notes.unshift(NOT_SURE_NOTE);
    return {
      ...base,
      verdict: notSure ? 'not-sure' : normal ? 'normal-challenge' : 'diagnosis',
      headline: notSure ? `Not sure: possibly ${first.title.charAt(0).toLowerCase()}${first.title.slice(1)}, or a cause I don't know.` : normal ? 'These 401s are the normal Windows authentication challenge, not a fault.' : first.title,
      causes,
      next,
      notes,
      ...(asked.question ? { question: asked.question } : {}),
      answers: asked.applied,
    };
  }
}

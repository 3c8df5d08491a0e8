import type { Diagnosis } from '../diagnose.js';
import { escapeC1InJson } from '../text/well-formed.js';

/** How much of the paste the JSON echoes back (the paste itself is the caller's; this is a reminder). */
const TEXT_PREVIEW = 400;

/** The command-line JSON contract: input, symptoms, causes (best first), next, notes. */
export function toJson(diagnosis: Diagnosis): Record<string, unknown> {
  const { symptoms } = diagnosis;
  const { text, prose: _prose, ...rest } = symptoms;
  return {
    verdict: diagnosis.verdict,
    headline: diagnosis.headline,
    input: diagnosis.input,
    symptoms: { ...rest, text: text.length > TEXT_PREVIEW ? `${text.slice(0, TEXT_PREVIEW)}…` : text },
    causes: diagnosis.causes.map((c) => ({
      id: c.id,
      title: c.title,
      confidence: c.confidence,
      score: c.score,
      ...(c.probability === undefined ? {} : { probability: c.probability }),
      why: c.why,
      steps: c.steps,
      article: c.article,
      rules: c.rules,
    })),
    next: diagnosis.next,
    notes: diagnosis.notes,
    ...(diagnosis.search ? { search: diagnosis.search } : {}),
    ...(diagnosis.question ? { question: diagnosis.question } : {}),
    ...(diagnosis.answers ? { answers: diagnosis.answers } : {}),
    kb: { version: diagnosis.kbVersion },
  };
}

export function renderJson(diagnosis: Diagnosis): string {
  return escapeC1InJson(JSON.stringify(toJson(diagnosis), null, 2));
}

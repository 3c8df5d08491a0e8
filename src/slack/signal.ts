import { EVENTS } from '../codes/tables.js';
import type { Diagnosis } from '../diagnose.js';

// In a channel the bot speaks only when a message carries something IIS wrote: a W3C/HTTPERR log line
// with a status, a Windows event the code catalog knows, an IIS error page, a trace. The decision reads
// the parsed Symptoms, never loose words, so talk about "401s" in a channel stays unanswered.

function pointsAtACause(diagnosis: Diagnosis): boolean {
  return diagnosis.causes.some((c) => c.rules.length > 0);
}

export function carriesIisSignal(diagnosis: Diagnosis): boolean {
  const s = diagnosis.symptoms;
  const logged = (s.kinds.includes('iis-log') || s.kinds.includes('httperr-log')) &&
    s.requests.some((r) => r['sc-status'] === 401 || (r['sc-status'] !== undefined && pointsAtACause(diagnosis)));
  const event = s.kinds.includes('event') && s.events.some((e) => e.EventID !== undefined && EVENTS[e.EventID] !== undefined);
  const page = s.kinds.includes('error-page') && s.pages.some((p) => p['sc-status'] === 401 || (p['sc-status'] === undefined && pointsAtACause(diagnosis)));
  const trace = s.kinds.includes('freb') && s.traces.some((t) => t['sc-status'] === 401);
  return logged || event || page || trace;
}

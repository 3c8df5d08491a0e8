import { EVENTS } from '../codes/tables.js';
import type { Diagnosis } from '../diagnose.js';

// In a channel the bot speaks only when a message carries something IIS wrote: a W3C/HTTPERR log line
// with a status, a Windows event the code catalog knows, an IIS error page, a trace. The decision reads
// the parsed Symptoms, never loose words, so talk about "401s" in a channel stays unanswered.
// Diagnosing costs; `mayCarryIisSignal` first tells, cheaply, the messages that cannot carry one.

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

/** Characters of a message looked at by the cheap test: Slack's own cap on a message's text. */
export const SIGNAL_PREFIX = 40_000;

/**
 * Words that open what Windows and IIS write without a number in it: event messages ("An account failed
 * to log on"), error pages ("You are not authorized to view this page"), traces. Lower case.
 */
const SIGNAL_WORDS = [
  'log on', 'logon', 'locked out', 'authentica', 'kerberos', 'ntlm', 'credential', 'unauthori', 'not authorized',
  'access is denied', 'domain controller', 'security log', 'audit log', 'event', 'failedrequest',
];

/** A run of 3 or more digits (a status, an event id, a Win32 code) or a 0x code, in one pass. */
function hasCodeLikeNumber(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      if (digits >= 3) return true;
      if (c === 48 && (text.charCodeAt(i + 1) | 32) === 120) return true;
    } else digits = 0;
  }
  return false;
}

/**
 * Whether a message may carry an IIS 401 signal: a linear look at a bounded prefix for a code-like
 * number or one of SIGNAL_WORDS. Every message `carriesIisSignal` accepts passes (a test holds it to
 * that over the evaluation sets); a message that fails is not diagnosed at all.
 */
export function mayCarryIisSignal(text: string): boolean {
  const prefix = text.slice(0, SIGNAL_PREFIX);
  if (hasCodeLikeNumber(prefix)) return true;
  const lower = prefix.toLowerCase();
  return SIGNAL_WORDS.some((word) => lower.includes(word));
}

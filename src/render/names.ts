import type { Symptoms } from '../symptoms.js';

// Fix steps in the admin's own names: the kb writes its examples with fixed names (CONTOSO\jdoe for the
// user, intranet.contoso.com for the site's host name, 10.0.0.9 for the client); when the paste names
// the real ones, the steps show those instead. Only values that look like what they stand for are used,
// so a paste can never inject text into a command.

export interface PasteNames {
  /** The user whose logon failed, without the domain. */
  readonly user?: string;
  readonly domain?: string;
  /** The host name the client asked for. */
  readonly host?: string;
  /** The client's address. */
  readonly client?: string;
}

const USER = /^[\w.$-]{1,64}$/;
const DOMAIN = /^[A-Z0-9.-]{1,64}$/i;
const HOST = /^(?=[A-Z0-9.-]{1,253}$)[A-Z0-9-]{1,63}(?:\.[A-Z0-9-]{1,63}){1,8}$/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** Accounts that are not a person's: the steps about "the user" would be wrong with them. */
const NOT_A_USER = /^(?:-|anonymous|anonymous logon|iusr|iusr_.*|iwam_.*|system|network service|local service|\$)$/i;

function account(raw: string | undefined, domain?: string): Pick<PasteNames, 'user' | 'domain'> {
  if (!raw) return {};
  const [left, right] = raw.includes('\\') ? raw.split('\\', 2) : raw.includes('@') ? [raw.split('@')[1], raw.split('@')[0]] : [domain, raw];
  const user = (right ?? '').trim();
  if (!USER.test(user) || NOT_A_USER.test(user) || user.endsWith('$')) return {};
  const dom = left?.trim();
  return { user, ...(dom && DOMAIN.test(dom) && dom !== '-' ? { domain: dom.split('.')[0]?.toUpperCase() } : {}) };
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const host = new URL(url).hostname;
    return HOST.test(host) && !IPV4.test(host) ? host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** The names a paste gives: the first person's account, host name and client address it holds. */
export function namesFromPaste(symptoms: Symptoms): PasteNames {
  let who: Pick<PasteNames, 'user' | 'domain'> = {};
  for (const request of symptoms.requests) if (!who.user) who = account(request['cs-username']);
  for (const event of symptoms.events) if (!who.user) who = account(event.TargetUserName, event.TargetDomainName);
  for (const trace of symptoms.traces) if (!who.user) who = account(trace.userName ?? trace.remoteUserName);
  const host = symptoms.requests.map((r) => r.fields['cs-host']).find((h) => h && HOST.test(h) && !IPV4.test(h))?.toLowerCase()
    ?? symptoms.pages.map((p) => hostOf(p.RequestedURL)).find(Boolean)
    ?? symptoms.traces.map((t) => hostOf(t.url)).find(Boolean);
  const client = symptoms.requests.map((r) => r['c-ip']).find((ip) => ip && IPV4.test(ip)) ?? symptoms.events.map((e) => e.IpAddress).find((ip) => ip && IPV4.test(ip) && ip !== '127.0.0.1');
  return { ...who, ...(host ? { host } : {}), ...(client ? { client } : {}) };
}

/** A kb step with its example names replaced by the paste's. */
export function withPasteNames(step: string, names: PasteNames): string {
  let text = step;
  if (names.user) {
    const domain = names.domain ?? 'CONTOSO';
    const user = names.user;
    // Functions, not replacement strings: a `$` in a name must stay a `$`.
    text = text.replace(/CONTOSO\\\\?jdoe\b/g, () => `${domain}\\${user}`).replace(/\bjdoe\b/g, () => user);
  }
  const { host, client } = names;
  if (host) text = text.replace(/\bintranet\.contoso\.com\b/g, () => host);
  if (client) text = text.replace(/\b10\.0\.0\.9\b/g, () => client);
  return text;
}

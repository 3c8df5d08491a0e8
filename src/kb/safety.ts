import type { Step } from './body.js';

// Admins run these steps on production servers. A step that changes a server must say what else it touches,
// how to get back, and what to save first; restarts must be planned; known-dangerous commands must not come
// back. The lists are data so a new command is one line; every pattern is linear (no nested or overlapping
// quantifiers), because kb check runs over every step of every article.

/** A RegExp, or several that must all hold on one line (so no pattern needs a `[^\n]*` scan between parts). */
export interface Matcher {
  test(text: string): boolean;
}

export interface CommandPattern {
  /** Short name shown in the problem: "icacls /grant". */
  readonly name: string;
  readonly pattern: Matcher;
}

/** Holds when one line of the text matches every part. */
export function onOneLine(...parts: readonly RegExp[]): Matcher {
  return { test: (text) => text.split('\n').some((line) => parts.every((part) => part.test(line))) };
}

const ICACLS = /\bicacls\b/i;

/** Commands that change the state of a server, a domain or a client. */
export const STATE_CHANGING: readonly CommandPattern[] = [
  { name: 'icacls /reset', pattern: onOneLine(ICACLS, /\s\/reset\b/i) },
  { name: 'icacls /grant', pattern: onOneLine(ICACLS, /\s\/grant\b/i) },
  { name: 'icacls /remove', pattern: onOneLine(ICACLS, /\s\/remove\b/i) },
  { name: 'icacls /deny', pattern: onOneLine(ICACLS, /\s\/deny\b/i) },
  { name: 'icacls /setowner', pattern: onOneLine(ICACLS, /\s\/setowner\b/i) },
  { name: 'icacls /inheritance', pattern: onOneLine(ICACLS, /\s\/inheritance:/i) },
  { name: 'icacls /restore', pattern: onOneLine(ICACLS, /\s\/restore\b/i) },
  { name: 'cacls /E', pattern: onOneLine(/\bcacls\b/i, /\s\/[EGRD]\b/) },
  { name: 'takeown', pattern: /\btakeown\b/i },
  { name: 'cipher /d', pattern: /\bcipher\s+\/d\b/i },
  { name: 'setspn -S/-A/-D/-U', pattern: /\bsetspn\s+-[SADU]\b/i },
  { name: 'netsh http add/delete/update', pattern: /\bnetsh\s+http\s+(?:add|delete|update)\b/i },
  { name: 'Set-ADUser', pattern: /\bSet-ADUser\b/i },
  { name: 'Set-ADComputer', pattern: /\bSet-ADComputer\b/i },
  { name: 'Set-ADAccountPassword', pattern: /\bSet-ADAccountPassword\b/i },
  { name: 'Unlock-ADAccount', pattern: /\bUnlock-ADAccount\b/i },
  { name: 'Enable-ADAccount', pattern: /\bEnable-ADAccount\b/i },
  { name: 'Set-LocalUser', pattern: /\bSet-LocalUser\b/i },
  { name: 'Set-/Clear-ADAccountExpiration', pattern: /\b(?:Set|Clear)-ADAccountExpiration\b/i },
  { name: 'Disable-ADAccount', pattern: /\bDisable-ADAccount\b/i },
  { name: 'Grant-/Revoke-SmbShareAccess', pattern: /\b(?:Grant|Revoke|Block)-SmbShareAccess\b/i },
  { name: 'wmic ... set', pattern: onOneLine(/\bwmic\b/i, /\sset\s/i) },
  { name: 'Install-/Uninstall-WindowsFeature', pattern: /\b(?:Install|Uninstall|Remove)-WindowsFeature\b/i },
  { name: 'net user with a password or option', pattern: /\bnet\s+user\s+[^\s/`]+\s+(?:"[^"\n]*"|[^\s/"`(]|\/(?:active|expires|times|workstations|passwordchg|add|delete)\b)/i },
  { name: 'net localgroup /add /delete', pattern: onOneLine(/\bnet\s+localgroup\b/i, /\/(?:add|delete)\b/i) },
  { name: 'Add-LocalGroupMember / Remove-LocalGroupMember', pattern: /\b(?:Add|Remove)-(?:Local|AD)GroupMember\b/i },
  { name: 'reg add/delete/import', pattern: /\breg(?:\.exe)?\s+(?:add|delete|import)\b/i },
  { name: 'Set-ItemProperty / New-ItemProperty on HKLM', pattern: onOneLine(/\b(?:Set|New|Remove)-ItemProperty\b/i, /HKLM/i) },
  { name: 'appcmd set/add/delete/unlock/clear', pattern: /\bappcmd(?:\.exe)?"?\s+(?:set|delete|unlock|clear|install|uninstall|add\s+(?!backup\b)\S)/i },
  { name: 'Set-WebConfigurationProperty', pattern: /\bSet-WebConfiguration(?:Property)?\b/i },
  { name: 'Add-WebConfigurationProperty', pattern: /\bAdd-WebConfiguration(?:Property)?\b/i },
  { name: 'Remove-WebConfigurationProperty', pattern: /\bRemove-WebConfiguration(?:Property)?\b/i },
  { name: 'Set-ItemProperty IIS:', pattern: onOneLine(/\bSet-ItemProperty\b/i, /IIS:/i) },
  { name: 'adsutil SET/DELETE/CREATE', pattern: /\badsutil(?:\.vbs)?\s+(?:SET|DELETE|CREATE|APPCREATE\w*|APPDELETE)\b/i },
  { name: 'iisback /restore', pattern: /\biisback(?:\.vbs)?\s+\/restore\b/i },
  { name: 'iisreset', pattern: /\biisreset\b/i },
  { name: 'net stop', pattern: /\bnet\s+stop\b/i },
  { name: 'Restart-Service / Stop-Service', pattern: /\b(?:Restart|Stop)-Service\b/i },
  { name: 'shutdown /r', pattern: /\bshutdown(?:\.exe)?\s+\/[rs]\b/i },
  { name: 'Restart-Computer', pattern: /\bRestart-Computer\b/i },
  { name: 'secedit /configure', pattern: /\bsecedit\s+\/configure\b/i },
  { name: 'ntrights', pattern: /\bntrights\b/i },
  { name: 'auditpol /set', pattern: /\bauditpol(?:\.exe)?\s+\/set\b/i },
  { name: 'wevtutil cl/sl', pattern: /\bwevtutil(?:\.exe)?\s+(?:cl|clear-log|sl|set-log)\b/i },
  { name: 'Limit-EventLog / Clear-EventLog', pattern: /\b(?:Limit|Clear)-EventLog\b/i },
  { name: 'ktpass', pattern: /\bktpass\b/i },
  { name: 'synciwam', pattern: /\bsynciwam\b/i },
];

/** State-changing commands that interrupt service: they need a maintenance window and a lighter option first. */
export const RESTARTS: readonly CommandPattern[] = [
  { name: 'iisreset', pattern: /\biisreset\b/i },
  { name: 'net stop', pattern: /\bnet\s+stop\b/i },
  { name: 'Restart-Service / Stop-Service', pattern: /\b(?:Restart|Stop)-Service\b/i },
  { name: 'shutdown /r', pattern: /\bshutdown(?:\.exe)?\s+\/[rs]\b/i },
  { name: 'Restart-Computer', pattern: /\bRestart-Computer\b/i },
];

/** Changes that lower a security control: they come after the options that keep it, and say so. */
export const SECURITY_REDUCING: readonly CommandPattern[] = [
  { name: 'DisableLoopbackCheck', pattern: onOneLine(/\bDisableLoopbackCheck\b/i, /(?:\/d\s+1|-Value\s+1)\b/i) },
  { name: 'extendedProtection tokenChecking relaxed', pattern: /tokenChecking:"?(?:None|Allow)\b/i },
  { name: 'LmCompatibilityLevel lowered', pattern: onOneLine(/\bLmCompatibilityLevel\b/i, /(?:\/d|-Value)\s+[0-2]\b/i) },
  { name: 'NTLM restriction relaxed', pattern: onOneLine(/\bRestrict(?:Sending|Receiving)NTLMTraffic\b/i, /(?:\/d|-Value)\s+0\b/i) },
  { name: 'Everyone granted access', pattern: onOneLine(/\/grant\b/i, /\bEveryone:/i) },
];

/** Steps that must never come back (the kb audit's dangerous and wrong findings), with the reason. */
export const FORBIDDEN: ReadonlyArray<CommandPattern & { readonly why: string }> = [
  { name: 'net stop http /y', pattern: /\bnet\s+stop\s+http\s+\/y\b/i, why: 'stops every HTTP.sys service (WinRM, SSRS, AD FS, ...) and restarts only IIS; restart the dependents by name or reboot in a maintenance window' },
  { name: 'runas as a logon-right test', pattern: /\brunas\s+\/user:/i, why: 'runas does an interactive logon, which IIS never uses; test a network logon (net use) or read the rights with secedit /export' },
  { name: 'CrashOnAuditFail as an alternative to a full log', pattern: /\(or\s+`?CrashOnAuditFail/i, why: 'a full log blocks logons only together with CrashOnAuditFail (KB 832981): write "and"' },
  { name: 'Delegation level as the constrained-delegation test', pattern: /`Impersonation`\s+one\s+that\s+may\s+not/i, why: 'with constrained delegation the token level reads Impersonation and delegation still works' },
  { name: 'Guests taken out of the Deny network logon right (D5)', pattern: /Deny access to this computer from the\s+network\*{0,2}\s+and\s+remove\b|\(or Guests\)\s+out of\s+\*{0,2}Deny access/i, why: 'that edits a hardening control on every DC; take the account out of Guests, or use a non-Guest account, and keep Guests denied' },
  { name: 'SPN from the URL host name', pattern: /service ticket for `?HTTP\/<the host name in the URL>/i, why: 'browsers build the SPN from the canonical (A-record) name of a CNAME and drop the port' },
];

/** A command that is only safe together with another in the same step. */
export const REQUIRES_IN_STEP: ReadonlyArray<{ readonly name: string; readonly when: Matcher; readonly needs: Matcher; readonly why: string }> = [
  { name: 'icacls /reset /T without /save', when: onOneLine(ICACLS, /\s\/reset\b/i, /\s\/T\b/i), needs: onOneLine(ICACLS, /\s\/save\b/i), why: 'save the ACLs of the tree first (icacls <dir> /save <file> /T /C) so /restore can undo it' },
  { name: 'netsh http delete sslcert without a saved binding', when: /\bnetsh\s+http\s+delete\s+sslcert\b/i, needs: onOneLine(/\bnetsh\s+http\s+show\s+sslcert\b/i, />/), why: 'save the binding first (netsh http show sslcert > before.txt)' },
  { name: 'curl --http2 without checking curl has HTTP/2', when: onOneLine(/\bcurl\b/i, /--http2\b/i), needs: /\bcurl(?:\.exe)?\s+-V\b/, why: "Windows' own curl.exe has no HTTP/2, so --http2 fails against every server; check curl -V lists HTTP2" },
  { name: 'password reset without an inventory of the account\'s consumers (D2)', when: /\bSet-ADAccountPassword\b|\bReset Password\b/i, needs: /\b(?:consumers?|inventory)\b/i, why: 'a shared account fails everywhere else at once and its retries lock it out: list every consumer first and give them the new value in the same change' },
  { name: 'SPN moved to the pool account without useAppPoolCredentials', when: /\bsetspn\s+-S\s+HTTP\/\S+\s+[^\s\\]+\\svc/i, needs: /useAppPoolCredentials|\*\*IIS 6:\*\*/i, why: 'on IIS 7+ kernel mode decrypts with the computer key: move the SPN and set useAppPoolCredentials in one change' },
];

/** Steps that are only safe after another step of the same article. */
export const ORDER: ReadonlyArray<{ readonly name: string; readonly later: Matcher; readonly earlier: Matcher; readonly why: string }> = [
  {
    name: 'encryption types restricted before the password reset that creates AES keys (D6)',
    later: onOneLine(/\bSet-ADUser\b/i, /msDS-SupportedEncryptionTypes/i),
    earlier: /\bReset Password\b|\bSet-ADAccountPassword\b|\breset (?:its|the (?:service )?account's) password\b/i,
    why: 'an account without AES keys then gets no usable ticket: reset the password (all consumers in the same change) first, then restrict',
  },
];

/** A state-changing step names what else it touches, how to save the state first, and how to undo. */
const label = (name: string): RegExp => new RegExp(`(?:^|[\\s(>])(?:\\*\\*)?${name}(?::\\*\\*|\\*\\*:|:)`, 'i');
const LABELS = [
  { label: 'Affects', pattern: label('Affects') },
  { label: 'Backup', pattern: label('Backup') },
  { label: 'Undo', pattern: label('Undo') },
] as const;

const MAINTENANCE = /maintenance window/i;
const SECURITY_NOTE = label('Security');

export interface StepProblem {
  /** 1-based step number in the article's steps list. */
  readonly step: number;
  readonly message: string;
}

function found(list: readonly CommandPattern[], text: string): string[] {
  return list.filter((c) => c.pattern.test(text)).map((c) => c.name);
}

/** Steps the kb audit found dangerous or wrong, kept from coming back. */
export function checkDangerousSteps(steps: readonly Step[]): StepProblem[] {
  const problems: StepProblem[] = [];
  steps.forEach((step, i) => {
    const text = step.markdown;
    for (const rule of ORDER) {
      if (rule.later.test(text) && !steps.slice(0, i).some((s) => rule.earlier.test(s.markdown))) problems.push({ step: i + 1, message: `${rule.name}: ${rule.why}` });
    }
    for (const rule of FORBIDDEN) if (rule.pattern.test(text)) problems.push({ step: i + 1, message: `"${rule.name}" must not be a step: ${rule.why}` });
    for (const rule of REQUIRES_IN_STEP) {
      if (rule.when.test(text) && !rule.needs.test(text)) problems.push({ step: i + 1, message: `${rule.name}: ${rule.why}` });
    }
  });
  return problems;
}

/** Forbidden readings outside the steps (title, Why, Symptoms): the same facts must not come back there. */
export function checkDangerousText(text: string, steps: readonly Step[]): string[] {
  return FORBIDDEN.filter((rule) => rule.pattern.test(text) && !steps.some((s) => rule.pattern.test(s.markdown))).map((rule) => `"${rule.name}": ${rule.why}`);
}

/** The safety convention of kb/README.md, applied to one article's steps (the dangerous steps included). */
export function checkStepSafety(steps: readonly Step[]): StepProblem[] {
  const problems = checkDangerousSteps(steps);
  let firstKeeping = -1;
  steps.forEach((step, i) => {
    const text = step.markdown;
    const number = i + 1;
    const changes = found(STATE_CHANGING, text);
    if (changes.length === 0) return;
    if (i === 0) problems.push({ step: number, message: `the first step changes state (${changes.join(', ')}); start with a read-only check` });
    const missing = LABELS.filter((l) => !l.pattern.test(text)).map((l) => `"${l.label}:"`);
    if (missing.length > 0) problems.push({ step: number, message: `changes state (${changes.join(', ')}) but has no ${missing.join(', ')} line` });
    const restarts = found(RESTARTS, text);
    if (restarts.length > 0 && !MAINTENANCE.test(text)) problems.push({ step: number, message: `restarts a service or the server (${restarts.join(', ')}) without saying "maintenance window"` });
    const reducing = found(SECURITY_REDUCING, text);
    if (reducing.length === 0) {
      if (firstKeeping < 0) firstKeeping = i;
      return;
    }
    if (!SECURITY_NOTE.test(text)) problems.push({ step: number, message: `lowers a security control (${reducing.join(', ')}) without a "Security:" line saying which` });
    if (firstKeeping < 0 && steps.slice(i + 1).some((s) => found(STATE_CHANGING, s.markdown).length > 0 && found(SECURITY_REDUCING, s.markdown).length === 0)) {
      problems.push({ step: number, message: `lowers a security control (${reducing.join(', ')}) before the options that keep it; move it after them` });
    }
  });
  return problems.sort((a, b) => a.step - b.step);
}

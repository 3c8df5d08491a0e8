import type { IisEra, Symptoms } from '../symptoms.js';

// The capture kit: when evidence is thin or two causes are close, the answer ends with the one check
// that tells them apart, as commands to copy. The admin pastes the output back and the ranking sharpens.

export interface NextCheck {
  readonly id: string;
  readonly title: string;
  /** What the output will tell: which cause each outcome points to. */
  readonly tells: string;
  /** Commands to run, already filled in with what the paste told us (account, path, host). */
  readonly commands: readonly string[];
  readonly guide?: string;
}

interface CheckTemplate {
  readonly id: string;
  readonly title: string;
  readonly tells: string;
  readonly causes: readonly string[];
  readonly commands: Readonly<Record<IisEra, readonly string[]>>;
  readonly guide?: string;
}

const CHECKS: readonly CheckTemplate[] = [
  {
    id: 'security-log',
    title: 'Read the Security log at the time of the failure',
    tells: 'the logon-failure event names the exact reason: 4625 Status/Sub Status (IIS 7+) or events 529-539 (IIS 6) tell a wrong password, a lockout, a disabled or expired account and a missing logon right apart',
    causes: ['anon-password-mismatch', 'wrong-client-credentials', 'account-locked-out', 'account-disabled', 'account-expired', 'password-expired', 'logon-hours-restriction', 'workstation-restriction', 'logon-right-denied', 'anonymous-account-missing-or-corrupt', 'basic-auth-default-logon-domain', 'loopback-check', 'ntlm-blocked-by-policy', 'ntlm-version-mismatch', 'subauthentication-after-upgrade'],
    commands: {
      '7+': [
        'auditpol /set /subcategory:"Logon" /failure:enable',
        "Get-WinEvent -FilterHashtable @{LogName='Security'; Id=4625,4740,4771,4776; StartTime=(Get-Date).AddMinutes(-30)} | Format-List TimeCreated, Id, Message",
      ],
      '6': [
        'Secpol.msc > Local Policies > Audit Policy > "Audit logon events": tick Failure; then gpupdate /force (Windows 2003) and iisreset',
        'eventvwr.msc > Security: filter on Failure Audit, events 529-539 and 644, at the time of the 401',
      ],
    },
    guide: 'kb/guides/audit-logon-failures.md',
  },
  {
    id: 'account-state',
    title: 'Look at the account IIS logs on with',
    tells: 'whether the account is locked out, disabled, expired, or its password expired or must change',
    causes: ['account-locked-out', 'account-disabled', 'account-expired', 'password-expired', 'logon-hours-restriction', 'workstation-restriction', 'anon-password-mismatch', 'anonymous-account-missing-or-corrupt', 'iwam-password-sync'],
    commands: {
      '7+': [
        'net user <account> /domain',
        'Get-ADUser <account> -Properties LockedOut,Enabled,AccountExpirationDate,PasswordExpired,PasswordLastSet,LogonWorkstations,badPwdCount | Format-List',
        'Get-WebConfiguration system.webServer/security/authentication/anonymousAuthentication -Recurse -PSPath IIS:\\ | Select-Object PSPath, userName',
      ],
      '6': [
        'net user <account>',
        'cscript %SystemDrive%\\Inetpub\\AdminScripts\\adsutil.vbs FIND AnonymousUserName',
        'cscript %SystemDrive%\\Inetpub\\AdminScripts\\adsutil.vbs FIND AnonymousUserPass',
      ],
    },
    guide: 'kb/guides/anonymous-identity-and-password.md',
  },
  {
    id: 'user-rights',
    title: 'List who holds the network logon rights on the web server',
    tells: 'whether the account (or a group it is in, such as Guests) is denied "Access this computer from the network" or lacks it',
    causes: ['logon-right-denied', 'security-log-full', 'anonymous-account-missing-or-corrupt'],
    commands: {
      '7+': [
        'secedit /export /cfg %TEMP%\\rights.inf /areas USER_RIGHTS',
        'findstr /i "SeNetworkLogonRight SeDenyNetworkLogonRight SeInteractiveLogonRight SeBatchLogonRight" %TEMP%\\rights.inf',
        'gpresult /h %TEMP%\\gp.html',
      ],
      '6': [
        'secedit /export /cfg %TEMP%\\rights.inf /areas USER_RIGHTS',
        'findstr /i "SeNetworkLogonRight SeDenyNetworkLogonRight SeInteractiveLogonRight" %TEMP%\\rights.inf',
        'gpresult /z > %TEMP%\\gp.txt',
      ],
    },
    guide: 'kb/guides/iis-on-a-domain-controller.md',
  },
  {
    id: 'kerberos',
    title: 'Check the SPN and the Kerberos tickets',
    tells: 'a missing or duplicate SPN, an SPN on the wrong account, or a ticket the server cannot decrypt (System log event 4, KRB_AP_ERR_MODIFIED)',
    causes: ['kerberos-spn-misconfigured', 'kerberos-encryption-type-mismatch', 'kernel-mode-auth-config', 'kerberos-token-too-large', 'delegation-double-hop'],
    commands: {
      '7+': [
        'setspn -Q HTTP/<host>',
        'setspn -X',
        'klist purge && klist get HTTP/<host>',
        "Get-WinEvent -FilterHashtable @{LogName='System'; ProviderName='Microsoft-Windows-Security-Kerberos'; StartTime=(Get-Date).AddHours(-1)} | Format-List TimeCreated, Id, Message",
      ],
      '6': ['setspn -L <app pool account>', 'setspn -Q HTTP/<host>', 'klist tickets (from the Windows 2003 Resource Kit)'],
    },
  },
  {
    id: 'auth-config',
    title: 'Show which authentication methods the URL really has',
    tells: 'whether Anonymous, Basic and Windows authentication are on where you think, and the kernel-mode, app-pool-credential and Extended Protection settings',
    causes: ['auth-method-mismatch', 'kernel-mode-auth-config', 'extended-protection-channel-binding', 'unexpected-identity', 'anon-password-mismatch', 'windows-auth-over-http2', 'basic-auth-default-logon-domain', 'authorization-rule-denied'],
    commands: {
      '7+': [
        '%windir%\\system32\\inetsrv\\appcmd list config "<site>" -section:system.webServer/security/authentication/windowsAuthentication',
        '%windir%\\system32\\inetsrv\\appcmd list config "<site>" -section:system.webServer/security/authentication/anonymousAuthentication',
        '%windir%\\system32\\inetsrv\\appcmd list config "<site>" -section:system.webServer/security/authentication/basicAuthentication',
      ],
      '6': [
        'cscript %SystemDrive%\\Inetpub\\AdminScripts\\adsutil.vbs GET W3SVC/1/ROOT/AuthFlags',
        'cscript %SystemDrive%\\Inetpub\\AdminScripts\\adsutil.vbs GET W3SVC/1/ROOT/NTAuthenticationProviders',
      ],
    },
  },
  {
    id: 'freb',
    title: 'Capture the failing request with Failed Request Tracing',
    tells: 'which module set the 401, which schemes were offered and which user (if any) was authenticated; paste the fr*.xml back here',
    causes: ['auth-method-mismatch', 'authorization-rule-denied', 'isapi-filter-denied', 'isapi-cgi-app-denied', 'unexpected-identity', 'ntfs-acl-denied', 'proxy-breaks-ntlm', 'ip-restriction-denied'],
    commands: {
      '7+': [
        '%windir%\\system32\\inetsrv\\appcmd configure trace "<site>" /enablesite',
        '%windir%\\system32\\inetsrv\\appcmd configure trace "<site>" /enable /statuscodes:401 /areas:Security,Authentication,Module',
        'dir %SystemDrive%\\inetpub\\logs\\FailedReqLogFiles\\W3SVC*\\fr*.xml',
      ],
      '6': ['IIS 6 has no Failed Request Tracing: use the W3C log (sc-substatus, sc-win32-status) and Security auditing instead'],
    },
    guide: 'kb/guides/find-substatus-and-win32-code.md',
  },
  {
    id: 'acl',
    title: 'Check the file permissions for the identity that runs the request',
    tells: 'whether IUSR / IIS_IUSRS / the app pool identity / the user can read the file and its folder (and the share, for UNC content)',
    causes: ['ntfs-acl-denied', 'unc-share-permissions', 'script-engine-permissions', 'unexpected-identity'],
    commands: {
      '7+': ['icacls "<physical path>"', 'Process Monitor (procmon.exe): filter Result is ACCESS DENIED and Process Name is w3wp.exe, then repeat the request'],
      '6': ['cacls "<physical path>"', 'Filemon / Process Monitor: filter on ACCESS DENIED for w3wp.exe or inetinfo.exe'],
    },
  },
  {
    id: 'sequence',
    title: 'Read the whole conversation for one client and URL in the W3C log',
    tells: 'a 401.2 then 401.1 then 200 is the normal challenge; 401s that never end in a 200 are the fault; a 401.1 on a new connection each time points at a proxy or load balancer',
    causes: ['auth-handshake-normal', 'proxy-breaks-ntlm', 'auth-method-mismatch', 'windows-auth-over-http2', 'client-auth-implementation-defect', 'kernel-mode-auth-config', 'extended-protection-channel-binding'],
    commands: {
      '7+': ['Select-String -Path "$env:SystemDrive\\inetpub\\logs\\LogFiles\\W3SVC<n>\\u_ex*.log" -Pattern "<client ip>" | Select-Object -Last 40', 'iis401 scan "%SystemDrive%\\inetpub\\logs\\LogFiles\\W3SVC<n>"'],
      '6': ['findstr "<client ip>" %SystemRoot%\\System32\\LogFiles\\W3SVC<n>\\ex*.log', 'iis401 scan %SystemRoot%\\System32\\LogFiles\\W3SVC<n>'],
    },
    guide: 'kb/guides/find-substatus-and-win32-code.md',
  },
  {
    id: 'bypass',
    title: 'Repeat the request without what sits in between',
    tells: 'if the request works straight to the server (or from a browser) but not through the proxy, load balancer or library, the path in between is the cause',
    causes: ['proxy-breaks-ntlm', 'extended-protection-channel-binding', 'client-auth-implementation-defect', 'loopback-check', 'windows-auth-over-http2', 'kerberos-token-too-large'],
    commands: {
      '7+': ['curl -v --ntlm -u "DOMAIN\\user" --http1.1 https://<server name>/<path>', 'Invoke-WebRequest https://<server name>/<path> -UseDefaultCredentials'],
      '6': ['Browse http://<server name>/<path> from a machine on the same network, with no proxy configured in Internet Options'],
    },
  },
  {
    id: 'ntlm-policy',
    title: 'Read the NTLM policy settings and the NTLM operational log',
    tells: 'whether incoming NTLM is restricted (RestrictReceivingNTLMTraffic) or the LAN Manager level refuses the client',
    causes: ['ntlm-blocked-by-policy', 'ntlm-version-mismatch'],
    commands: {
      '7+': [
        'reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\MSV1_0',
        'reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa /v LmCompatibilityLevel',
        "Get-WinEvent -LogName 'Microsoft-Windows-NTLM/Operational' -MaxEvents 20 | Format-List TimeCreated, Id, Message",
      ],
      '6': ['reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa /v LmCompatibilityLevel'],
    },
  },
  {
    id: 'security-log-state',
    title: 'Check whether the Security log is full',
    tells: 'a full Security log with "Do not overwrite events" (or CrashOnAuditFail) makes non-administrator logons fail',
    causes: ['security-log-full', 'logon-right-denied'],
    commands: {
      '7+': ['Get-WinEvent -ListLog Security | Format-List LogMode, MaximumSizeInBytes, FileSize, RecordCount, IsLogFull', 'reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa /v CrashOnAuditFail'],
      '6': ['eventvwr.msc > Security > Properties: log size and "Overwrite events" setting', 'reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa /v CrashOnAuditFail'],
    },
  },
  {
    id: 'dcom',
    title: 'Look for DCOM permission errors in the System log',
    tells: 'event 10016 (or DCOM errors naming IWAM) shows the identity that was refused launch or activation',
    causes: ['com-dcom-permissions', 'iwam-password-sync', 'delegation-double-hop'],
    commands: {
      '7+': ["Get-WinEvent -FilterHashtable @{LogName='System'; Id=10016,10010; StartTime=(Get-Date).AddHours(-2)} | Format-List TimeCreated, Id, Message", 'dcomcnfg'],
      '6': ['eventvwr.msc > System: filter on source DCOM', 'dcomcnfg'],
    },
  },
];

function fill(command: string, symptoms: Symptoms): string {
  const account = symptoms.events.find((e) => e.TargetUserName)?.TargetUserName ?? symptoms.requests.find((r) => r['cs-username'])?.['cs-username'];
  const path = symptoms.pages.find((p) => p.PhysicalPath)?.PhysicalPath;
  const clientIp = symptoms.requests.find((r) => r['sc-status'] === 401 && r['c-ip'])?.['c-ip'];
  let out = command;
  if (account) out = out.replace('<account>', account.split('\\').pop() ?? account);
  if (path) out = out.replace('<physical path>', path);
  if (clientIp) out = out.replace('<client ip>', clientIp);
  return out;
}

/**
 * The checks that best separate the leading causes: a check scores one point per leading cause it
 * covers (the first cause counts double). At most `limit` checks, best first.
 */
export function chooseNextChecks(leading: readonly string[], symptoms: Symptoms, limit = 1): NextCheck[] {
  if (leading.length === 0) return [];
  const era: IisEra = symptoms.iis?.era ?? '7+';
  const scored = CHECKS.map((check) => ({
    check,
    score: leading.reduce((sum, id, i) => sum + (check.causes.includes(id) ? (i === 0 ? 2 : 1) : 0), 0),
  }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  return scored.slice(0, limit).map(({ check }) => ({
    id: check.id,
    title: check.title,
    tells: check.tells,
    commands: check.commands[era].map((c) => fill(c, symptoms)),
    ...(check.guide ? { guide: check.guide } : {}),
  }));
}

/** For a paste with nothing recognisable: where to find the evidence. */
export function startingChecks(symptoms: Symptoms): NextCheck[] {
  return chooseNextChecks(['auth-handshake-normal', 'anon-password-mismatch'], symptoms, 2);
}

// Code tables, restated from the project's checked reference (codes.md §1-§4). Each entry names the
// condition and, where Windows reports the same condition under another family, its twins, so that a
// rule written for `win32:1909` also fires on a 4625 Status of 0xC0000234 or a legacy event 539.

export interface CodeInfo {
  readonly name: string;
  readonly meaning: string;
  readonly twins?: readonly string[];
}

/** sc-win32-status values (decimal) and their Win32 names. */
export const WIN32: Readonly<Record<number, CodeInfo>> = {
  0: { name: 'ERROR_SUCCESS', meaning: 'no error' },
  2: { name: 'ERROR_FILE_NOT_FOUND', meaning: 'file not found (not an authentication code)' },
  5: { name: 'ERROR_ACCESS_DENIED', meaning: 'access is denied' },
  64: { name: 'ERROR_NETNAME_DELETED', meaning: 'the network name is no longer available (client went away)' },
  121: { name: 'ERROR_SEM_TIMEOUT', meaning: 'network time-out (not an authentication code)' },
  1236: { name: 'ERROR_CONNECTION_ABORTED', meaning: 'the connection was aborted by the local system' },
  1311: { name: 'ERROR_NO_LOGON_SERVERS', meaning: 'no logon servers are available', twins: ['ntstatus:0xC000005E'] },
  1326: {
    name: 'ERROR_LOGON_FAILURE',
    meaning: 'unknown user name or bad password',
    twins: ['ntstatus:0xC000006D'],
  },
  1327: { name: 'ERROR_ACCOUNT_RESTRICTION', meaning: 'user account restriction (blank password, policy)', twins: ['ntstatus:0xC000006E'] },
  1328: { name: 'ERROR_INVALID_LOGON_HOURS', meaning: 'account logon time restriction violation', twins: ['ntstatus:0xC000006F', 'event:530'] },
  1329: { name: 'ERROR_INVALID_WORKSTATION', meaning: 'user not allowed to log on to this computer', twins: ['ntstatus:0xC0000070', 'event:533'] },
  1330: { name: 'ERROR_PASSWORD_EXPIRED', meaning: "the account's password has expired", twins: ['ntstatus:0xC0000071', 'event:535'] },
  1331: { name: 'ERROR_ACCOUNT_DISABLED', meaning: 'the account is disabled', twins: ['ntstatus:0xC0000072', 'event:531'] },
  1332: { name: 'ERROR_NONE_MAPPED', meaning: 'no mapping between account names and security IDs (account renamed or deleted)' },
  1380: { name: 'ERROR_LOGON_NOT_GRANTED', meaning: 'the user has not been granted the requested logon type', twins: ['win32:1385'] },
  1385: {
    name: 'ERROR_LOGON_TYPE_NOT_GRANTED',
    meaning: 'the user has not been granted the requested logon type at this computer',
    twins: ['ntstatus:0xC000015B', 'event:534'],
  },
  1396: { name: 'ERROR_WRONG_TARGET_NAME', meaning: 'the target account name is incorrect (Kerberos / SPN)' },
  1398: { name: 'ERROR_TIME_SKEW', meaning: 'clock difference between client and server (Kerberos)', twins: ['ntstatus:0xC0000133'] },
  1792: { name: 'ERROR_NETLOGON_NOT_STARTED', meaning: 'the Netlogon service is not started', twins: ['ntstatus:0xC0000192', 'event:536'] },
  1793: { name: 'ERROR_ACCOUNT_EXPIRED', meaning: "the user's account has expired", twins: ['ntstatus:0xC0000193', 'event:532'] },
  1907: { name: 'ERROR_PASSWORD_MUST_CHANGE', meaning: 'the password must be changed before logging on', twins: ['ntstatus:0xC0000224'] },
  1908: { name: 'ERROR_DOMAIN_CONTROLLER_NOT_FOUND', meaning: 'a domain controller could not be found' },
  1909: { name: 'ERROR_ACCOUNT_LOCKED_OUT', meaning: 'the account is locked out', twins: ['ntstatus:0xC0000234', 'event:539'] },
  2221: { name: 'NERR_UserNotFound', meaning: 'the user name could not be found (net user: the account does not exist)' },
};

/** SSPI / HRESULT values; IIS logs them as unsigned decimal (2148074254 = 0x8009030E). */
export const HRESULT: Readonly<Record<string, CodeInfo>> = {
  '0x80070005': { name: 'E_ACCESSDENIED', meaning: 'access is denied (Win32 5 as an HRESULT)', twins: ['win32:5'] },
  '0x8007052E': { name: 'HRESULT_FROM_WIN32(ERROR_LOGON_FAILURE)', meaning: 'unknown user name or bad password (Win32 1326 as an HRESULT)', twins: ['win32:1326'] },
  '0x80070569': { name: 'HRESULT_FROM_WIN32(ERROR_LOGON_TYPE_NOT_GRANTED)', meaning: 'logon type not granted (Win32 1385 as an HRESULT)', twins: ['win32:1385'] },
  '0x80070775': { name: 'HRESULT_FROM_WIN32(ERROR_ACCOUNT_LOCKED_OUT)', meaning: 'account locked out (Win32 1909 as an HRESULT)', twins: ['win32:1909'] },
  '0x80070533': { name: 'HRESULT_FROM_WIN32(ERROR_ACCOUNT_DISABLED)', meaning: 'account disabled (Win32 1331 as an HRESULT)', twins: ['win32:1331'] },
  '0x80090302': { name: 'SEC_E_UNSUPPORTED_FUNCTION', meaning: 'the function requested is not supported (seen when NTLM is blocked by policy)' },
  '0x80090305': { name: 'SEC_E_SECPKG_NOT_FOUND', meaning: 'the requested security package does not exist (kernel-mode authentication setting)' },
  '0x80090308': { name: 'SEC_E_INVALID_TOKEN', meaning: 'the token supplied is invalid (NTLM legs split across connections, or an unusable Kerberos ticket)' },
  '0x8009030C': { name: 'SEC_E_LOGON_DENIED', meaning: 'the logon attempt failed (Negotiate / NTLM / Kerberos)' },
  '0x8009030D': { name: 'SEC_E_UNKNOWN_CREDENTIALS', meaning: 'credentials supplied to the package were not recognised' },
  '0x8009030E': { name: 'SEC_E_NO_CREDENTIALS', meaning: 'no credentials are available (a normal leg of the challenge)' },
  '0x80090311': { name: 'SEC_E_NO_AUTHENTICATING_AUTHORITY', meaning: 'no authority could be contacted (domain controller unreachable)' },
  '0x80090317': { name: 'SEC_E_CONTEXT_EXPIRED', meaning: 'the security context has expired' },
  '0x80090320': { name: 'SEC_E_INCOMPLETE_CREDENTIALS', meaning: 'the credentials supplied were not complete' },
  '0x80090322': { name: 'SEC_E_WRONG_PRINCIPAL', meaning: 'the target principal name is incorrect (client side: SPN or certificate name)' },
  '0x80090324': { name: 'SEC_E_TIME_SKEW', meaning: 'clock skew between client and server (Kerberos)' },
  '0x80090020': { name: 'NTE_FAIL', meaning: 'an internal error (GSSAPI on Linux/macOS: an unsupported mechanism was requested)' },
};

/** NTSTATUS values seen in 4625 / 4776 / 681 events. */
export const NTSTATUS: Readonly<Record<string, CodeInfo>> = {
  '0xC000006D': { name: 'STATUS_LOGON_FAILURE', meaning: 'generic logon failure (bad user name or authentication information)', twins: ['win32:1326'] },
  '0xC000006A': { name: 'STATUS_WRONG_PASSWORD', meaning: 'wrong password', twins: ['win32:1326'] },
  '0xC0000064': { name: 'STATUS_NO_SUCH_USER', meaning: 'the user name does not exist', twins: ['win32:1326'] },
  '0xC0000234': { name: 'STATUS_ACCOUNT_LOCKED_OUT', meaning: 'the account is locked out', twins: ['win32:1909', 'event:539'] },
  '0xC0000072': { name: 'STATUS_ACCOUNT_DISABLED', meaning: 'the account is disabled', twins: ['win32:1331', 'event:531'] },
  '0xC000006F': { name: 'STATUS_INVALID_LOGON_HOURS', meaning: 'logon outside the allowed hours', twins: ['win32:1328', 'event:530'] },
  '0xC0000070': { name: 'STATUS_INVALID_WORKSTATION', meaning: 'logon from a workstation the account may not use', twins: ['win32:1329', 'event:533'] },
  '0xC0000071': { name: 'STATUS_PASSWORD_EXPIRED', meaning: 'the password has expired', twins: ['win32:1330', 'event:535'] },
  '0xC0000193': { name: 'STATUS_ACCOUNT_EXPIRED', meaning: 'the account has expired', twins: ['win32:1793', 'event:532'] },
  '0xC0000224': { name: 'STATUS_PASSWORD_MUST_CHANGE', meaning: 'the password must be changed at next logon', twins: ['win32:1907'] },
  '0xC000015B': { name: 'STATUS_LOGON_TYPE_NOT_GRANTED', meaning: 'the logon type (logon right) is not granted on this machine', twins: ['win32:1385', 'event:534'] },
  '0xC000006E': { name: 'STATUS_ACCOUNT_RESTRICTION', meaning: 'account restriction (blank password or policy); read Sub Status', twins: ['win32:1327'] },
  '0xC0000133': { name: 'STATUS_TIME_DIFFERENCE_AT_DC', meaning: 'clocks of the domain controller and this computer are too far apart', twins: ['win32:1398'] },
  '0xC0000413': { name: 'STATUS_AUTHENTICATION_FIREWALL_FAILED', meaning: 'the target is protected by an authentication firewall' },
  '0xC000005E': { name: 'STATUS_NO_LOGON_SERVERS', meaning: 'no logon servers are available', twins: ['win32:1311'] },
  '0xC0000192': { name: 'STATUS_NETLOGON_NOT_STARTED', meaning: 'the Netlogon service is not started', twins: ['win32:1792', 'event:536'] },
  '0xC0000418': { name: 'STATUS_NTLM_BLOCKED', meaning: 'the authentication failed because NTLM was blocked' },
  '0xC0000371': { name: 'STATUS_NO_SECRETS', meaning: 'the local account store has no secret material for the account' },
  '0xC000018C': { name: 'STATUS_TRUSTED_DOMAIN_FAILURE', meaning: 'the trust between the domains failed' },
  '0xC00002EE': { name: 'STATUS_UNFINISHED_CONTEXT_DELETED', meaning: 'an error occurred during logon' },
  '0xC0000225': { name: 'STATUS_NOT_FOUND', meaning: 'not found (documented as harmless)' },
};

/** Event ids: legacy Security (Windows 2000/2003) and modern (Vista+). */
export const EVENTS: Readonly<Record<number, CodeInfo>> = {
  529: { name: 'Logon failure (529)', meaning: 'unknown user name or bad password', twins: ['win32:1326'] },
  530: { name: 'Logon failure (530)', meaning: 'account logon time restriction violation', twins: ['win32:1328'] },
  531: { name: 'Logon failure (531)', meaning: 'account currently disabled', twins: ['win32:1331'] },
  532: { name: 'Logon failure (532)', meaning: 'the user account has expired', twins: ['win32:1793'] },
  533: { name: 'Logon failure (533)', meaning: 'user not allowed to log on at this computer', twins: ['win32:1329'] },
  534: { name: 'Logon failure (534)', meaning: 'the user has not been granted the requested logon type at this machine', twins: ['win32:1385'] },
  535: { name: 'Logon failure (535)', meaning: "the account's password has expired", twins: ['win32:1330'] },
  536: { name: 'Logon failure (536)', meaning: 'the NetLogon component is not active', twins: ['win32:1792'] },
  537: { name: 'Logon failure (537)', meaning: 'an unexpected error occurred during logon' },
  539: { name: 'Logon failure (539)', meaning: 'account locked out', twins: ['win32:1909'] },
  644: { name: 'User account locked out (644)', meaning: 'an account was just locked out', twins: ['event:4740'] },
  675: { name: 'Kerberos pre-authentication failed (675)', meaning: 'Kerberos pre-authentication failed on the domain controller', twins: ['event:4771'] },
  676: { name: 'Authentication ticket request failed (676)', meaning: 'a Kerberos ticket request failed' },
  680: { name: 'NTLM credential validation (680)', meaning: 'an account logon was validated (or failed) with NTLM', twins: ['event:4776'] },
  681: { name: 'NTLM logon failure (681)', meaning: 'a domain controller rejected an NTLM logon', twins: ['event:4776'] },
  517: { name: 'Audit log cleared (517)', meaning: 'the Security log was cleared (not "full")' },
  521: { name: 'Unable to log events (521)', meaning: 'auditing could not write to the Security log' },
  1102: { name: 'Audit log cleared (1102)', meaning: 'the Security log was cleared' },
  1104: { name: 'Security log full (1104)', meaning: 'the Security log is full' },
  4625: { name: 'An account failed to log on (4625)', meaning: 'a logon failed; Status and Sub Status say why' },
  4740: { name: 'A user account was locked out (4740)', meaning: 'an account was just locked out', twins: ['event:644'] },
  4768: { name: 'Kerberos TGT requested (4768)', meaning: 'a Kerberos ticket-granting ticket was requested' },
  4769: { name: 'Kerberos service ticket requested (4769)', meaning: 'a Kerberos service ticket was requested' },
  4771: { name: 'Kerberos pre-authentication failed (4771)', meaning: 'Kerberos pre-authentication failed' },
  4776: { name: 'NTLM credential validation (4776)', meaning: 'the computer attempted to validate credentials with NTLM' },
  4: { name: 'Kerberos KRB_AP_ERR_MODIFIED (System event 4)', meaning: 'the target server could not decrypt the Kerberos ticket' },
  10016: { name: 'DCOM permission (10016)', meaning: 'an identity lacks DCOM launch or activation permission' },
  4001: { name: 'NTLM blocked (4001)', meaning: 'outgoing NTLM authentication was blocked' },
  4002: { name: 'NTLM blocked (4002)', meaning: 'incoming NTLM traffic was blocked' },
  4003: { name: 'NTLM blocked (4003)', meaning: 'NTLM authentication in the domain was blocked' },
  8001: { name: 'NTLM audit (8001)', meaning: 'outgoing NTLM traffic audited' },
  8002: { name: 'NTLM audit (8002)', meaning: 'incoming NTLM traffic that would be blocked' },
  8003: { name: 'NTLM audit (8003)', meaning: 'NTLM authentication in the domain that would be blocked' },
  8004: { name: 'NTLM audit (8004)', meaning: 'domain controller blocked audit' },
};

/** HTTP 401 sub-status codes. */
export const SUBSTATUS_401: Readonly<Record<number, CodeInfo>> = {
  0: { name: '401.0', meaning: 'the 401 was set by application code or a managed module, not by IIS core' },
  1: { name: '401.1', meaning: 'logon failed: IIS could not get a Windows token for the credentials' },
  2: { name: '401.2', meaning: 'logon failed due to server configuration: no credentials for an enabled method' },
  3: { name: '401.3', meaning: 'unauthorized due to an ACL on the resource' },
  4: { name: '401.4', meaning: 'authorization failed by an ISAPI filter (IIS 7+: a module)' },
  5: { name: '401.5', meaning: 'authorization failed by an ISAPI/CGI application' },
  7: { name: '401.7', meaning: 'access denied by URL authorization policy (IIS 6)' },
  501: { name: '401.501', meaning: 'Dynamic IP Restrictions: too many concurrent requests from one client' },
  502: { name: '401.502', meaning: 'Dynamic IP Restrictions: request rate limit from one client reached' },
  503: { name: '401.503', meaning: 'client IP address is in the IP restriction deny list' },
  504: { name: '401.504', meaning: 'client host name is in the IP restriction deny list' },
};

/** Other statuses, so that a non-401 gets "this is not a 401: it means ...". */
export const OTHER_STATUS: Readonly<Record<string, string>> = {
  '200': 'success',
  '304': 'not modified (success from cache)',
  '400': 'bad request (for Windows auth users: often a Kerberos header too large for HTTP.sys)',
  '403': 'forbidden: the request was understood and refused; authentication is not the problem',
  '403.1': 'execute access forbidden',
  '403.2': 'read access forbidden (or no default document)',
  '403.3': 'write access forbidden',
  '403.4': 'SSL required',
  '403.5': 'SSL 128 required',
  '403.6': 'IP address rejected',
  '403.7': 'client certificate required',
  '403.8': 'site access denied (client DNS name)',
  '403.9': 'too many users connected',
  '403.10': 'execute access denied by configuration',
  '403.11': 'password changed',
  '403.12': 'client certificate mapper denied access',
  '403.13': 'client certificate revoked',
  '403.14': 'directory listing denied (no default document)',
  '403.15': 'client access licence count exceeded',
  '403.16': 'client certificate untrusted or invalid',
  '403.17': 'client certificate expired or not yet valid',
  '403.18': 'the URL cannot run in the current application pool',
  '403.19': 'CGI cannot run in this application pool (identity lacks "Replace a process level token")',
  '403.20': 'Passport logon failed',
  '403.501': 'Dynamic IP Restrictions: too many concurrent requests',
  '403.502': 'Dynamic IP Restrictions: request rate limit reached',
  '403.503': 'client IP address is in the deny list',
  '403.504': 'client host name is in the deny list',
  '404': 'not found',
  '404.0': 'not found',
  '405': 'method not allowed',
  '407': 'proxy authentication required: the proxy, not IIS, wants credentials',
  '500': 'internal server error',
  '500.19': 'configuration error: the configuration data for the page is invalid (web.config or applicationHost.config)',
  '500.21': 'handler not recognised (a module is missing)',
  '502': 'bad gateway (a proxy or ARR could not reach the back end)',
  '503': 'service unavailable (application pool stopped or queue full)',
};

/** Kerberos result / failure codes (4768, 4769, 4771, 675). */
export const KERBEROS: Readonly<Record<string, CodeInfo>> = {
  '0x6': { name: 'KDC_ERR_C_PRINCIPAL_UNKNOWN', meaning: 'the client (user) was not found' },
  '0x7': { name: 'KDC_ERR_S_PRINCIPAL_UNKNOWN', meaning: 'the server principal was not found: no SPN for that name' },
  '0x9': { name: 'KDC_ERR_NULL_KEY', meaning: 'client or server has a null key' },
  '0xC': { name: 'KDC_ERR_POLICY', meaning: 'KDC policy rejects the request (logon restrictions)' },
  '0xD': { name: 'KDC_ERR_BADOPTION', meaning: 'the KDC cannot accommodate the option (delegation)' },
  '0xE': { name: 'KDC_ERR_ETYPE_NOTSUPP', meaning: 'the encryption type is not supported' },
  '0x12': { name: 'KDC_ERR_CLIENT_REVOKED', meaning: 'client credentials revoked (disabled, expired, locked out or logon hours)' },
  '0x17': { name: 'KDC_ERR_KEY_EXPIRED', meaning: 'the password has expired' },
  '0x18': { name: 'KDC_ERR_PREAUTH_FAILED', meaning: 'pre-authentication failed: wrong password' },
  '0x1F': { name: 'KRB_AP_ERR_BAD_INTEGRITY', meaning: 'integrity check failed' },
  '0x20': { name: 'KRB_AP_ERR_TKT_EXPIRED', meaning: 'the ticket expired (usually harmless)' },
  '0x25': { name: 'KRB_AP_ERR_SKEW', meaning: 'clock skew too great' },
  '0x29': { name: 'KRB_AP_ERR_MODIFIED', meaning: 'the ticket was encrypted for another account (duplicate or misplaced SPN, password or encryption-type mismatch)' },
};

/** Symbolic names a user may type instead of a number. */
export const SYMBOLS: Readonly<Record<string, string>> = Object.fromEntries([
  ...Object.entries(WIN32).map(([code, info]) => [info.name, `win32:${code}`]),
  ...Object.entries(HRESULT).map(([code, info]) => [info.name, `hresult:${code}`]),
  ...Object.entries(NTSTATUS).map(([code, info]) => [info.name, `ntstatus:${code}`]),
  ...Object.entries(KERBEROS).map(([code, info]) => [info.name, `kerberos:${code}`]),
]);

/** Message texts of the codes above as Windows prints them; a quoted message reads like its code. */
export const MESSAGE_TEXTS: ReadonlyArray<readonly [string, string]> = [
  ['the token supplied to the function is invalid', 'hresult:0x80090308'],
  ['the logon attempt failed', 'hresult:0x8009030C'],
  ['no credentials are available in the security package', 'hresult:0x8009030E'],
  ['the requested security package does not exist', 'hresult:0x80090305'],
  ['the target principal name is incorrect', 'hresult:0x80090322'],
  ['the function requested is not supported', 'hresult:0x80090302'],
  ['no authority could be contacted for authentication', 'hresult:0x80090311'],
  ['unknown user name or bad password', 'win32:1326'],
  ['the referenced account is currently locked out', 'win32:1909'],
  ['account currently disabled', 'win32:1331'],
  ['the user has not been granted the requested logon type', 'win32:1385'],
  ['account logon time restriction violation', 'win32:1328'],
  ['user not allowed to logon at this computer', 'win32:1329'],
  ['the specified account\'s password has expired', 'win32:1330'],
  ['the specified user account has expired', 'win32:1793'],
  ['the user\'s password must be changed before', 'win32:1907'],
  ['no mapping between account names and security ids', 'win32:1332'],
  ['the user name could not be found', 'win32:2221'],
  ['the security log is now full', 'event:1104'],
  ['the authentication failed because ntlm was blocked', 'ntstatus:0xC0000418'],
];

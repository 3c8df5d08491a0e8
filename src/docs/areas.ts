// The docs site groups articles by the area an admin would look in. The table names the area of each
// known article; an article it does not know yet is placed by its sub-status, and failing that lands in
// "Other", so a new cause never breaks the site build.

export const AREAS = [
  { id: 'start', title: 'Start here' },
  { id: 'anonymous', title: 'Anonymous access' },
  { id: 'windows-auth', title: 'Windows auth / Kerberos' },
  { id: 'ntlm', title: 'NTLM' },
  { id: 'accounts', title: 'Accounts' },
  { id: 'permissions', title: 'Permissions' },
  { id: 'clients', title: 'Proxies and clients' },
  { id: 'logs', title: 'Logs and events' },
  { id: 'other', title: 'Other' },
] as const;

export type AreaId = (typeof AREAS)[number]['id'];

/** Article id -> area. Keep in catalog order within each area; ids are the catalog's contract. */
const AREA_OF: Readonly<Record<string, AreaId>> = {
  '401-overview': 'start',
  'find-substatus-and-win32-code': 'start',
  'anon-password-mismatch': 'anonymous',
  'subauthentication-after-upgrade': 'anonymous',
  'anonymous-account-missing-or-corrupt': 'anonymous',
  'iwam-password-sync': 'anonymous',
  'anonymous-identity-and-password': 'anonymous',
  'kerberos-spn-misconfigured': 'windows-auth',
  'loopback-check': 'windows-auth',
  'auth-handshake-normal': 'windows-auth',
  'kernel-mode-auth-config': 'windows-auth',
  'kerberos-token-too-large': 'windows-auth',
  'extended-protection-channel-binding': 'windows-auth',
  'kerberos-encryption-type-mismatch': 'windows-auth',
  'basic-auth-default-logon-domain': 'windows-auth',
  'auth-method-mismatch': 'windows-auth',
  'windows-auth-over-http2': 'windows-auth',
  'delegation-double-hop': 'windows-auth',
  'ntlm-blocked-by-policy': 'ntlm',
  'ntlm-version-mismatch': 'ntlm',
  'account-locked-out': 'accounts',
  'account-disabled': 'accounts',
  'account-expired': 'accounts',
  'password-expired': 'accounts',
  'logon-hours-restriction': 'accounts',
  'workstation-restriction': 'accounts',
  'logon-right-denied': 'accounts',
  'iis-on-a-domain-controller': 'accounts',
  'authorization-rule-denied': 'permissions',
  'ntfs-acl-denied': 'permissions',
  'unexpected-identity': 'permissions',
  'unc-share-permissions': 'permissions',
  'script-engine-permissions': 'permissions',
  'isapi-filter-denied': 'permissions',
  'isapi-cgi-app-denied': 'permissions',
  'ip-restriction-denied': 'permissions',
  'com-dcom-permissions': 'permissions',
  'request-identity-and-reach': 'permissions',
  'proxy-breaks-ntlm': 'clients',
  'wrong-client-credentials': 'clients',
  'client-auth-implementation-defect': 'clients',
  'browser-no-automatic-logon': 'clients',
  'kerberos-spn-cname-or-port': 'windows-auth',
  'bearer-token-rejected': 'clients',
  'cors-preflight-windows-auth': 'clients',
  'wcf-client-credential-type-mismatch': 'clients',
  'aspnetcore-windows-auth-config': 'windows-auth',
  'dc-unreachable-secure-channel': 'accounts',
  'protected-users-ntlm': 'ntlm',
  'client-certificate-mapping': 'permissions',
  'unconstrained-delegation-refused': 'windows-auth',
  'entra-app-proxy-kcd': 'clients',
  'duplicate-spn': 'windows-auth',
  'arr-reverse-proxy-windows-auth': 'clients',
  'kerberos-clock-skew': 'windows-auth',
  'netlogon-maxconcurrentapi': 'accounts',
  'kerberos-only-no-ntlm-fallback': 'ntlm',
  'custom-error-page-hides-challenge': 'windows-auth',
  'http-sys-other-listener-401': 'logs',
  'security-log-full': 'logs',
  'audit-logon-failures': 'logs',
};

/** Sub-statuses that only a permission problem produces (ACLs, authorization rules, filters, IP lists). */
const PERMISSION_SUBSTATUS = /^401\.(?:[3-7]|5\d\d)$/;

/** The area of an article: the table first, then its sub-status, else "other". */
export function areaOf(article: { readonly id: string; readonly substatus: readonly string[] }): AreaId {
  const known = AREA_OF[article.id];
  if (known) return known;
  if (article.substatus.length > 0 && article.substatus.every((s) => PERMISSION_SUBSTATUS.test(s))) return 'permissions';
  return 'other';
}

export function areaTitle(id: AreaId): string {
  return AREAS.find((a) => a.id === id)?.title ?? 'Other';
}

// Inputs shared by the Slack tests: real shapes of what admins paste.

/** A W3C line: anonymous request, 401.1, Win32 1326 -> the anonymous account's stored password. */
export const LOG_LINE = '2024-03-01 10:00:00 10.0.0.5 GET /app/ - 443 - 10.0.0.9 Mozilla/5.0 - 401 1 1326 15';
export const LOG_CAUSE = 'anon-password-mismatch';

/** The same line with a credential next to it, which must never leave the app. */
export const SECRET = 'dXNlcjpwYXNz';
export const LOG_WITH_SECRET = `${LOG_LINE}\nAuthorization: Basic ${SECRET}`;

export const EVENT_4625 = [
  'An account failed to log on.',
  'Logon Type: 3',
  'Account Name: jdoe',
  'Failure Reason: Unknown user name or bad password.',
  'Status: 0xC000006D',
  'Sub Status: 0x0',
  'Workstation Name: WEB01',
  'Source Network Address: 127.0.0.1',
  'Authentication Package: NTLM',
].join('\n');

export const ERROR_PAGE = [
  'HTTP Error 401.2 - Unauthorized',
  'You are not authorized to view this page due to invalid authentication headers.',
  'Module IIS Web Core',
  'Notification AuthenticateRequest',
  'Handler StaticFile',
  'Error Code 0x80070005',
].join('\n');

export const CHATTER = 'anyone up for lunch? also the 401 numbers in the quarterly report look great';

// The help text is shared by the command line, the local console and the Slack command.

export const SLASH_USAGE = [
  '/iis401 <paste>            diagnose a W3C log line, a Security event, an IIS error page or a question',
  '/iis401 event 534          what a Security event id means for IIS, and the fix',
  '/iis401 401.1              a sub-status and its causes',
  '/iis401 win32 1326         a Win32, NTSTATUS (0xC000006A) or SSPI (0x8009030E, 2148074254) code',
  '/iis401 search <words>     search the knowledge base',
  '/iis401 help               this help',
];

export const HELP_INTRO = 'iis401 reads what you see when IIS answers 401 Unauthorized and tells you the most likely cause, why, and the fix.';

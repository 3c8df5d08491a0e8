// Which Windows shell a command is written for, so a terminal or Slack block never mixes the two.

export type Shell = 'PowerShell' | 'cmd';

const POWERSHELL = /\$env:|\$\w+ ?=|\$_|@\{|\[xml\]|\[pscustomobject\]|\b(?:Get|Set|New|Remove|Test|Invoke|Start|Stop|Restart|Import|Export|Add|Clear|Enable|Disable|Select|Where|Format|Write|Resolve|Register|Unregister|ForEach|Out|ConvertTo|ConvertFrom)-[A-Z][a-z]/;
const CMD = /%[A-Z_]\w*%|^\s*(?:set|echo|type|findstr|rem|cd \/d)\s/i;

/** The shell a command needs; undefined when it runs the same in both (setspn, klist, appcmd by full path). */
export function shellOf(command: string): Shell | undefined {
  if (POWERSHELL.test(command)) return 'PowerShell';
  if (CMD.test(command)) return 'cmd';
  return undefined;
}

/** The shell a fenced block's language names, if it names one. */
export function shellOfLanguage(lang: string | null | undefined): Shell | undefined {
  const name = (lang ?? '').toLowerCase();
  if (name === 'powershell' || name === 'ps1' || name === 'pwsh' || name === 'ps') return 'PowerShell';
  if (name === 'cmd' || name === 'bat' || name === 'batch' || name === 'dos') return 'cmd';
  return undefined;
}

export interface CommandGroup {
  readonly shell: Shell | undefined;
  readonly commands: readonly string[];
}

/**
 * Splits commands into runs of one shell each; a command that runs in both joins the run it is in
 * (the run before it, else the one after it).
 */
export function groupByShell(commands: readonly string[]): CommandGroup[] {
  const shells = commands.map(shellOf);
  for (let i = 0; i < shells.length; i++) if (shells[i] === undefined && i > 0) shells[i] = shells[i - 1];
  for (let i = shells.length - 2; i >= 0; i--) if (shells[i] === undefined) shells[i] = shells[i + 1];
  const groups: Array<{ shell: Shell | undefined; commands: string[] }> = [];
  commands.forEach((command, i) => {
    const last = groups[groups.length - 1];
    if (last && last.shell === shells[i]) last.commands.push(command);
    else groups.push({ shell: shells[i], commands: [command] });
  });
  return groups;
}

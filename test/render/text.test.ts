import { join } from 'node:path';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisEngine } from '../../src/diagnose.js';
import { groupByShell, shellOf } from '../../src/render/shell.js';
import { terminalStyle } from '../../src/render/style.js';
import { renderText } from '../../src/render/text.js';
import { markdownToTerminal } from '../../src/render/terminal-markdown.js';
import { loadCases } from '../../src/cases/load.js';
import { projectRoot } from '../../src/root.js';
import { realEngine } from '../helpers/kb-engine.js';

const INPUTS = loadCases(join(projectRoot(), 'cases')).map((c) => c.input);

describe('terminal text', () => {
  let engine: DiagnosisEngine;
  beforeAll(async () => {
    engine = await realEngine();
  });

  it('should keep every line of diagnose and diagnose --all within 80 columns over the evaluation inputs', () => {
    expect(INPUTS.length).toBeGreaterThan(100);
    const color = terminalStyle(true);
    let lines = 0;
    for (const input of INPUTS) {
      const diagnosis = engine.diagnose(input);
      for (const text of [renderText(diagnosis, { width: 80 }), renderText(diagnosis, { width: 80, all: true, style: color })]) {
        for (const line of text.split('\n')) {
          lines++;
          if (stringWidth(line) > 80) expect.fail(`${stringWidth(line)} columns: ${line}`);
        }
      }
    }
    expect(lines).toBeGreaterThan(10_000);
  }, 120_000);

  it('should print kb links as paths from the project root, or under KB_BASE_URL', () => {
    const diagnosis = engine.diagnose('2024-03-01 10:00:00 10.0.0.5 GET / - 80 - 10.0.0.9 Mozilla/5.0 - 401 1 1326 15');
    const plain = renderText(diagnosis, { all: true });
    expect(plain).toContain('kb/guides/audit-logon-failures.md');
    expect(plain).not.toMatch(/\(\.\.\/|\(\w[\w-]*\.md\)/);
    const linked = renderText(diagnosis, { all: true, width: 200, kbBaseUrl: 'https://git.example.com/org/iis401/blob/main/' });
    expect(linked).toContain('https://git.example.com/org/iis401/blob/main/kb/guides/audit-logon-failures.md');
    expect(linked).toContain(`Article: https://git.example.com/org/iis401/blob/main/${diagnosis.causes[0]?.article}`);
  });

  it('should re-flow the kb hard wraps and keep code lines and their indentation', () => {
    const text = markdownToTerminal('First line of a paragraph that the kb wrapped\nat its own column.\n\n```powershell\nif ($x) {\n  Get-Item C:\\\n}\n```', { width: 80, indent: 2, style: terminalStyle(false) });
    expect(text).toBe('  First line of a paragraph that the kb wrapped at its own column.\n\n  PowerShell:\n    if ($x) {\n      Get-Item C:\\\n    }');
  });

  it('should never put PowerShell and cmd in one labelled block', () => {
    expect(shellOf('Get-ChildItem "$env:SystemDrive\\inetpub\\logs"')).toBe('PowerShell');
    expect(shellOf('iis401 scan "%SystemDrive%\\inetpub\\logs\\LogFiles"')).toBe('cmd');
    expect(shellOf('setspn -L svc-web')).toBeUndefined();
    expect(groupByShell(['Get-Date', 'klist', 'type %windir%\\x.log', 'setspn -L a'])).toEqual([
      { shell: 'PowerShell', commands: ['Get-Date', 'klist'] },
      { shell: 'cmd', commands: ['type %windir%\\x.log', 'setspn -L a'] },
    ]);
    let blocks = 0;
    for (const input of INPUTS.slice(0, 200)) {
      const lines = renderText(engine.diagnose(input), { all: true }).split('\n');
      lines.forEach((line, i) => {
        const label = /^( *)(PowerShell|cmd):$/.exec(line);
        if (!label) return;
        blocks++;
        const indent = (label[1] ?? '').length;
        const body: string[] = [];
        for (const next of lines.slice(i + 1)) {
          if (next.trim() === '' || next.length - next.trimStart().length <= indent) break;
          body.push(next);
        }
        // `powershell -c "..."` is a cmd line: the quoted script is PowerShell's, not the shell's.
        const own: string[] = [];
        let scriptIndent = -1;
        for (const line of body) {
          const lineIndent = line.length - line.trimStart().length;
          if (scriptIndent >= 0 && lineIndent > scriptIndent) continue; // the wrapped rest of that script
          scriptIndent = /^\s*powershell(?:\.exe)? -c(?:ommand)? /i.test(line) ? lineIndent : -1;
          if (scriptIndent < 0) own.push(line);
        }
        expect(own.join('\n')).not.toMatch(label[2] === 'PowerShell' ? /%[A-Za-z]\w*%/ : /\$env:/);
      });
    }
    expect(blocks).toBeGreaterThan(100);
  });
});

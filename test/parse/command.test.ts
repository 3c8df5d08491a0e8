import { describe, expect, it } from 'vitest';
import { readCommand } from '../../src/parse/command.js';

describe('readCommand', () => {
  it.each([
    ['event 534', 'event', ['event:534']],
    ['event 4625 0xC000015B', 'event', ['event:4625', 'ntstatus:0xC000015B']],
    ['401.1', 'status', ['substatus:401.1']],
    ['401 1 1326', 'status', ['substatus:401.1', 'win32:1326']],
    ['win32 1326', 'win32', ['win32:1326']],
    ['0x8009030E', 'code', ['hresult:0x8009030E']],
    ['2148074254', 'code', ['hresult:0x8009030E']],
    ['-2146893042', 'code', ['hresult:0x8009030E']],
    ['0xC000006A', 'code', ['ntstatus:0xC000006A']],
    ['SEC_E_LOGON_DENIED', 'code', ['hresult:0x8009030C']],
    ['ERROR_ACCOUNT_LOCKED_OUT', 'code', ['win32:1909']],
    ['403.14', 'status', ['status:403.14']],
  ])('should read "%s"', (input, verb, keys) => {
    const result = readCommand(input);
    expect(result.command?.verb).toBe(verb);
    expect(result.codes.map((c) => c.key)).toEqual(keys);
  });

  it('should carry twins so a Win32 code also names its NTSTATUS and legacy event', () => {
    expect(readCommand('win32 1909').codes[0]?.twins).toEqual(['ntstatus:0xC0000234', 'event:539']);
  });

  it('should read help and search', () => {
    expect(readCommand('help').command?.verb).toBe('help');
    expect(readCommand('search guests deny network').command).toMatchObject({ verb: 'search', argument: 'guests deny network' });
  });

  it.each(['event abc', 'hello there, my site is broken', '', 'x'.repeat(500)])('should not read "%s" as a command', (input) => {
    expect(readCommand(input).command).toBeUndefined();
  });

  it('should keep an unknown code and mark it unknown', () => {
    const code = readCommand('0x8BADF00D').codes[0];
    expect(code).toMatchObject({ key: 'hresult:0x8BADF00D', known: false });
  });
});

import { describe, expect, it } from 'vitest';
import { findTags, looksLikeProse, readProse } from '../../src/parse/prose.js';

describe('readProse', () => {
  it.each([
    ['we get 401.1 since Monday', 'substatus:401.1'],
    ['event 4625 status 0xC000006A appears', 'ntstatus:0xC000006A'],
    ['the log shows 2148074254 a lot', 'hresult:0x8009030E'],
    ['error 1326 in the log', 'win32:1326'],
    ['events 529 and 534 show up', 'event:534'],
    ['it fails with SEC_E_LOGON_DENIED', 'hresult:0x8009030C'],
    ['KRB_AP_ERR_MODIFIED on the client', 'kerberos:0x29'],
    ['net helpmsg 1326 says: The user name or password is incorrect.', 'win32:1326'],
    ["This user can't sign in because this account is currently disabled.", 'win32:1331'],
  ])('should find the code in "%s"', (text, key) => {
    expect(readProse(text).codes.map((c) => c.key)).toContain(key);
  });

  it.each([
    ['all 302 in the iis log, no 401 anywhere', false],
    ['it is not a 401, the page says access denied', false],
    ['we get a 403 instead of a 401 now', false],
    ['the API returns 401 for every call', true],
    ['Chrome shows HTTP ERROR 401, and no other error', true],
  ])('should read a bare 401 only when the admin does not deny it: "%s"', (text, found) => {
    expect(readProse(text).codes.map((c) => c.key).includes('status:401')).toBe(found);
  });

  it('should give 1326 its legacy event twin like the other logon-failure codes, and know the harmless Kerberos 0x19', () => {
    expect(readProse('error 1326 in the log').codes[0]?.twins).toContain('event:529');
    expect(readProse('4768 failure code KDC_ERR_PREAUTH_REQUIRED').codes.map((c) => c.key)).toContain('kerberos:0x19');
  });

  it('should read a status triplet written in a sentence as a low-confidence record', () => {
    const { requests } = readProse('The perl scripts POST entries show "401 1 0".');
    expect(requests[0]).toMatchObject({ 'sc-status': 401, 'sc-substatus': 1, 'sc-win32-status': 0, confidence: 'low' });
  });

  it.each([
    ['IUSR is in the Guests group', ['anonymous', 'guests-group']],
    ['after the upgrade to IIS 6 in worker process isolation mode', ['iis-upgrade']],
    ['the site sits behind an nginx reverse proxy', ['reverse-proxy']],
    ['the IWAM_WEB01 account', ['iwam']],
    ['it works from other machines but not on the server itself', ['local-browse']],
  ])('should tag "%s"', (text, tags) => {
    const found = findTags(text);
    for (const tag of tags) expect(found.has(tag)).toBe(true);
  });

  it('should match phrases on word boundaries only', () => {
    expect(findTags('an array of values').has('reverse-proxy')).toBe(false);
    expect(findTags('we use ARR in front').has('reverse-proxy')).toBe(true);
  });

  it.each([
    ['IIS 6.0 on Windows 2003', '6'],
    ['Windows Server 2019 with IIS', '7+'],
    ['IIS10', '7+'],
  ])('should read the IIS era from "%s"', (text, era) => {
    expect(readProse(text).iis?.era).toBe(era);
  });
});

describe('readProse, a sub-status written out in words', () => {
  it.each([
    ['the log shows sc-status 401 with sc-substatus 502 for that client', 'substatus:401.502'],
    ['a 401 with a sub-status of 3', 'substatus:401.3'],
  ])('should read "%s"', (text, key) => {
    expect(readProse(text).codes.map((c) => c.key)).toContain(key);
  });
});

describe('looksLikeProse', () => {
  it('should take a question as prose and random characters as not', () => {
    expect(looksLikeProse('Anonymous access fails with 401.1 since we changed the IUSR password yesterday. '.repeat(5))).toBe(true);
    let seed = 7;
    const random = Array.from({ length: 4000 }, () => String.fromCharCode(33 + ((seed = (seed * 16807) % 2147483647) % 90))).join('');
    expect(looksLikeProse(random)).toBe(false);
  });
});

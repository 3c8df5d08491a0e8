import { describe, expect, it } from 'vitest';
import { realEngine } from '../helpers/kb-engine.js';

describe('searching the knowledge base', () => {
  it.each([
    ['guests deny network', 'logon-right-denied'],
    ['adsutil password sync', 'anon-password-mismatch'],
    ['534', 'logon-right-denied'],
    ['0xC000015B', 'logon-right-denied'],
    ['1909', 'account-locked-out'],
    ['BackConnectionHostNames', 'loopback-check'],
    ['setspn app pool identity', 'kerberos-spn-misconfigured'],
    ['MaxFieldLength request header too long', 'kerberos-token-too-large'],
    ['IWAM DCOM', 'iwam-password-sync'],
    ['wildcard application mapping', 'isapi-cgi-app-denied'],
  ])('should find "%s" in %s first', async (query, id) => {
    const hits = (await realEngine()).search(query, 5);
    expect(hits[0]?.id).toBe(id);
  });

  it('should forgive a typo in a long word', async () => {
    const hits = (await realEngine()).search('kerbeross delegaton', 5);
    expect(hits.map((h) => h.id)).toContain('delegation-double-hop');
  });

  it('should find nothing for words no article uses, and for an empty query', async () => {
    const engine = await realEngine();
    expect(engine.search('zzqx wobblefrotz', 5)).toEqual([]);
    expect(engine.search('', 5)).toEqual([]);
  });

  it('should return a summary line with each hit', async () => {
    const [hit] = (await realEngine()).search('security log full', 1);
    expect(hit?.id).toBe('security-log-full');
    expect(hit?.summary.length).toBeGreaterThan(20);
  });
});

import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';

const LOCKED_LINE = '2024-03-01 10:00:00 10.0.0.5 GET /default.aspx - 80 - 10.0.0.9 Mozilla/5.0 - 401 1 1909 0';

describe('diagnose with the fitted model', () => {
  it('answers "not sure" for a vague 401 it cannot place, naming the nearest causes and a check', async () => {
    const engine = await createEngine();
    const d = engine.diagnose("users see 401 from our IIS hosted app after the vendor changed something");
    expect(d.verdict).toBe('not-sure');
    expect(d.headline).toMatch(/^Not sure/);
    expect(d.causes.length).toBeGreaterThan(1);
    expect(d.causes[0]?.confidence).toBe('low');
    expect(d.notes[0]).toMatch(/may be a cause the knowledge base does not hold/);
  });

  it('lets a decisive code win over any amount of prose pointing elsewhere', async () => {
    const engine = await createEngine();
    const prose = 'Kerberos fails for our intranet site, klist shows no ticket for HTTP/intranet and setspn -L on the app pool account is empty. '.repeat(5);
    const d = engine.diagnose(`${prose}\n${LOCKED_LINE}`);
    expect(d.verdict).toBe('diagnosis');
    expect(d.causes[0]).toMatchObject({ id: 'account-locked-out', confidence: 'high' });
  });

  it('says which of the admin words weighed, beside the rules', async () => {
    const engine = await createEngine();
    const d = engine.diagnose('Our payroll API behind IIS returns 401 since the Okta JWT bearer tokens started expiring after 5 minutes');
    expect(d.causes[0]?.id).toBe('bearer-token-rejected');
    expect(d.causes[0]?.why.some((w) => /^the admin's words point here: .*"(bearer|jwt|tokens)"/.test(w))).toBe(true);
    expect(d.causes[0]?.probability).toBeGreaterThan(0.5);
  });

  it('answers from the rule engine alone when asked to, as training needs', async () => {
    const engine = await createEngine(undefined, { model: false });
    expect(engine.model).toBeUndefined();
    const d = engine.diagnose(LOCKED_LINE);
    expect(d.causes[0]?.id).toBe('account-locked-out');
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisEngine } from '../../src/diagnose.js';
import { createEngine } from '../../src/engine.js';
import { loadCases } from '../../src/cases/load.js';
import { projectRoot } from '../../src/root.js';
import { carriesIisSignal, mayCarryIisSignal, SIGNAL_PREFIX } from '../../src/slack/signal.js';
import { HOSTILE_MESSAGE } from '../helpers/hostile.js';
import { CHATTER, ERROR_PAGE, EVENT_4625, LOG_LINE } from '../helpers/samples.js';

const FIXTURES = join(projectRoot(), 'test', 'fixtures');

/** Every paste the project holds: the evaluation sets' inputs and the event, page, trace and log fixtures. */
function allPastes(): string[] {
  const pastes: string[] = [];
  for (const c of loadCases(join(projectRoot(), 'cases'))) pastes.push(c.input);
  for (const folder of ['events', 'pages', 'freb', 'logs']) {
    for (const name of readdirSync(join(FIXTURES, folder))) {
      const path = join(FIXTURES, folder, name);
      if (statSync(path).isFile()) pastes.push(readFileSync(path, 'utf8'));
    }
  }
  return pastes;
}

describe('the cheap test for an IIS signal in a channel message', () => {
  let engine: DiagnosisEngine;

  beforeAll(async () => {
    engine = await createEngine();
  });

  it('should let through every paste that the full diagnosis finds a signal in', () => {
    const pastes = allPastes();
    const signalled = pastes.filter((text) => carriesIisSignal(engine.diagnose(text)));
    expect(signalled.length).toBeGreaterThan(100);
    expect(signalled.filter((text) => !mayCarryIisSignal(text)).map((text) => text.slice(0, 120))).toEqual([]);
  });

  it.each([
    ['a log line', LOG_LINE],
    ['a Security event', EVENT_4625],
    ['an error page', ERROR_PAGE],
    ['an event message without a number', 'An account failed to log on.'],
    ['a 0x code', 'it says 0xC000006D'],
  ])('should let through %s', (_name, text) => {
    expect(mayCarryIisSignal(text)).toBe(true);
  });

  it('should stop the hostile message and plain talk before any diagnosis', () => {
    expect(mayCarryIisSignal(HOSTILE_MESSAGE)).toBe(false);
    expect(mayCarryIisSignal('thanks, see you at lunch!')).toBe(false);
    // Talk with a number still goes on to the full test, which stays quiet on it.
    expect(mayCarryIisSignal(CHATTER)).toBe(true);
  });

  it('should look at a bounded prefix only', () => {
    expect(mayCarryIisSignal(`${'x'.repeat(SIGNAL_PREFIX)} ${LOG_LINE}`)).toBe(false);
  });
});

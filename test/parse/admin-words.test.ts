import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisEngine } from '../../src/diagnose.js';
import { adminWords } from '../../src/parse/admin-words.js';
import { parse } from '../../src/parse/index.js';
import { projectRoot } from '../../src/root.js';
import { realEngine } from '../helpers/kb-engine.js';

// Machine text (user agents, URLs, CSS, event labels) must not be read as the admin's words.
// Names are under test/fixtures/ (the IIS 10 custom page is the pages reader's own fixture).
const fixture = (name: string): string => readFileSync(join(projectRoot(), 'test', 'fixtures', name), 'utf8');

const CASES = [
  { name: 'admin-words/w3c-safari-java.log', machineWords: ['safari', 'java', 'okhttp', 'docker'], machineTags: ['client-library', 'works-in-browser', 'auth-method-unsupported', 'platform-specific'], notTop: 'client-auth-implementation-defect' },
  { name: 'pages/iis10-custom-401.html', machineWords: ['container', 'verdana'], machineTags: ['client-library', 'platform-specific'], notTop: 'client-auth-implementation-defect' },
  { name: 'admin-words/event-4768-0x6.txt', machineWords: ['encryption type', 'ticket options'], machineTags: ['encryption-types'], notTop: 'kerberos-encryption-type-mismatch' },
] as const;

describe('the admin\'s own words', () => {
  let engine: DiagnosisEngine;
  beforeAll(async () => {
    engine = await realEngine();
  });

  for (const c of CASES) {
    it(`should take no phrase tag and no search words from the machine text of ${c.name}`, () => {
      const symptoms = parse(fixture(c.name));
      for (const tag of c.machineTags) expect(symptoms.tags).not.toContain(tag);
      for (const word of c.machineWords) {
        expect(symptoms.prose.toLowerCase()).not.toContain(word);
        expect((symptoms.words ?? '').toLowerCase()).not.toContain(word);
      }
    });

    it(`should not answer ${c.name} with the cause its machine words pointed at`, () => {
      expect(engine.diagnose(fixture(c.name)).causes[0]?.id).not.toBe(c.notTop);
    });
  }

  it('should keep the sentences the admin wrote around a pasted log line, and a URL or config snippet they typed', () => {
    const log = fixture('admin-words/w3c-safari-java.log');
    const words = parse(`${log}\nOnly the Java client fails; http://localhost/app works. We set <deny users="?" />.`).words ?? '';
    expect(words).toContain('Only the Java client fails');
    expect(words).toContain('http://localhost/app');
    expect(words).toContain('<deny users="?" />');
  });

  it('should drop an event\'s own message, its label lines and the values under them, and keep the admin\'s sentence', () => {
    const words = adminWords('Event ID: 5719\nDescription: no logon servers available\nCategory:\nAccount Logon\nLogon Type: 3\n0x6\nUsers get 401.1.', { logLines: new Set(), events: true, markup: false });
    expect(words).not.toContain('no logon servers available');
    expect(words).not.toContain('Account Logon');
    expect(words).not.toContain('Logon Type');
    expect(words).not.toContain('0x6');
    expect(words).toContain('Users get 401.1.');
  });
});

// Every file here is machine text only: a reader reads it into fields, and none of its words may become a
// phrase tag, a search word or a term of the fitted model.
const MACHINE_ONLY = [
  'admin-words/w3c-safari-java.log', 'admin-words/event-4768-0x6.txt', 'admin-words/freb-multiline-root.xml',
  'admin-words/event-4648-explicit.txt', 'admin-words/event-4625-explanation.txt', 'admin-words/ftp-w3c.log',
  'admin-words/ossec-alert-4625.txt', 'pages/iis10-custom-401.html', 'pages/iis5-401-3.txt', 'events/4625-one-line.txt',
  // Text pages as copied from the browser: the page's sentences, headings and advice are its own.
  'pages/chrome-http-error-401.txt', 'pages/iis10-401-2-label-lines.txt', 'pages/iis6-401-1.txt', 'pages/iis7-401-1-detailed.txt',
  'pages/iis7-403-14.txt', 'pages/httpsys-400-request-too-long.txt',
];

describe('machine text only', () => {
  for (const name of MACHINE_ONLY) {
    it(`should read no admin words and no phrase tag from ${name}`, () => {
      const symptoms = parse(fixture(name));
      expect((symptoms.words ?? '').trim()).toBe('');
      expect(symptoms.tags).toEqual([]);
    });
  }

  it('should take a FREB trace whose root spans many lines as the server\'s text, values and all', () => {
    const symptoms = parse(fixture('admin-words/freb-multiline-root.xml'));
    expect(symptoms.kinds).toContain('freb');
    expect(symptoms.codes.map((c) => c.key)).toContain('substatus:401.3');
  });

  it('should keep the admin\'s sentence above a pasted 500.19 page and none of the page\'s', () => {
    expect(parse(fixture('pages/iis7-500-19-and-prose.txt')).words?.replace(/\s+/g, ' ').trim()).toBe('After moving the site we now get this instead of the 401 we had before:');
  });

  it('should read the HTTP.sys "Request Too Long" page as the token-size cause from the page, not from its words', async () => {
    const diagnosis = (await realEngine()).diagnose(fixture('pages/httpsys-400-request-too-long.txt'));
    expect(parse(fixture('pages/httpsys-400-request-too-long.txt')).tags).toEqual([]);
    expect(diagnosis.causes[0]?.id).toBe('kerberos-token-too-large');
    expect(diagnosis.causes[0]?.rules).toContain('kerberos-token-too-large/httpsys-page');
  });

  it('should read a 4648 event as an event, and no Logon ID, process id or SID tail as an error code', () => {
    const symptoms = parse(fixture('admin-words/event-4648-explicit.txt'));
    expect(symptoms.kinds).toEqual(['event']);
    expect(symptoms.codes.map((c) => c.key)).toEqual(['event:4648']);
  });

  it('should read an FTP log\'s "530 1326" as neither a request nor a Win32 code', () => {
    const symptoms = parse(fixture('admin-words/ftp-w3c.log'));
    expect(symptoms.requests ?? []).toEqual([]);
    expect(symptoms.codes.map((c) => c.key)).not.toContain('win32:1326');
  });

  it('should keep the sentence the admin wrote before an HTML page and none of the page', () => {
    const symptoms = parse(fixture('pages/html-fragment-blockquote.html'));
    expect((symptoms.words ?? '').trim()).toBe('Only the reports folder does this since Monday:');
    expect(symptoms.codes.map((c) => c.key)).toContain('substatus:401.3');
  });
});

describe('the ranges the readers consumed', () => {
  const fields = (name: string): string => readFileSync(new URL(`../fixtures/fields/${name}`, import.meta.url), 'utf8');

  it('should keep none of a text error page\'s heading, sentence or detail table as the admin\'s words', () => {
    const s = parse(`We get this on the intranet since Monday:\n${fields('page-401.1-windows-module.txt')}`);
    expect(s.words).toBe('We get this on the intranet since Monday:');
    expect(s.tags).not.toContain('ntfs');
    expect(s.tags).not.toContain('which-identity');
  });

  it('should keep none of an XML event\'s values as the admin\'s words, and the sentence around it', () => {
    const s = parse(`The app log has this one, below.\r\n${fields('application-4625-eventsystem.xml').replace(/\n/g, '\r\n')}\r\nIs it related to our 401s?`);
    expect(s.words).toBe('The app log has this one, below. Is it related to our 401s?');
  });
});

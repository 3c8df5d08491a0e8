import { describe, expect, it } from 'vitest';
import { siteHref, stepToHtml } from '../../src/docs/step-html.js';

describe('a fix step as HTML', () => {
  it('should escape markup in the step, in prose and in code', () => {
    const html = stepToHtml('Set <authorization> for "x" & `<img src=x onerror=alert(1)>`\n\n```xml\n<deny users="?" />\n```', 'kb/causes/a.md');
    expect(html).not.toMatch(/<authorization>|<img|<deny/);
    expect(html).toContain('&lt;authorization&gt;');
    expect(html).toContain('<code>&lt;img src=x onerror=alert(1)&gt;</code>');
    expect(html).toContain('&lt;deny users=&quot;?&quot; /&gt;');
  });

  it('should render a fenced block as a VitePress code block with a copy button', () => {
    const html = stepToHtml('Run:\n\n```powershell\nGet-ADUser svc -Properties LockedOut\n```', 'kb/causes/a.md');
    expect(html).toBe('<p>Run:</p>\n<div class="language-powershell vp-adaptive-theme"><button title="Copy Code" class="copy"></button><span class="lang">powershell</span><pre class="vp-code"><code>Get-ADUser svc -Properties LockedOut</code></pre></div>');
  });

  it('should render bold, lists and links to the site pages', () => {
    const html = stepToHtml('**IIS 6:** check\n\n- one [guide](../guides/g.md#part)\n  continued\n- two', 'kb/causes/a.md', '/kb/');
    expect(html).toBe('<p><strong>IIS 6:</strong> check</p>\n<ul><li>one <a href="/kb/guides/g.html#part">guide</a> continued</li><li>two</li></ul>');
  });

  it.each([
    ['b.md', '/causes/b.html'],
    ['../guides/g.md', '/guides/g.html'],
    ['#fix', '#fix'],
    ['https://example.com/x', 'https://example.com/x'],
  ])('should point %s at %s from a cause page', (url, href) => {
    expect(siteHref(url, 'kb/causes/a.md')).toBe(href);
  });

  it('should render a 190,000-character run of markers without throwing', () => {
    const html = stepToHtml('x ' + '`'.repeat(50_000) + '*'.repeat(50_000) + '[]('.repeat(30_000), 'kb/causes/a.md');
    expect(html.length).toBeGreaterThan(100_000);
  });
});

// A fix step (Markdown as the kb writes it) as HTML for the docs site's paste box. The subset is what
// steps use: paragraphs, "- " lists, fenced code, `code`, **bold** and links. Everything is escaped
// first, so nothing in a step can become markup it did not ask for. Code blocks use the markup of
// VitePress's own code blocks, so its copy button and styles apply to them too.

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * Where a link written in an article points on the site. `from` is the article's kb path
 * (`kb/causes/x.md`); `../guides/y.md#part` from there is `<base>guides/y.html#part`.
 */
export function siteHref(url: string, from: string, base = '/'): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#')) return url;
  const [target = '', anchor] = url.split('#');
  const parts = from.replace(/^kb\//, '').split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return `${base}${parts.join('/').replace(/\.md$/, '.html')}${anchor ? `#${anchor}` : ''}`;
}

function inline(text: string, from: string, base: string): string {
  const codes: string[] = [];
  // Code spans first: nothing inside them is emphasis or a link.
  const held = text.replace(/\0/g, '').replace(/`([^`\n]+)`/g, (_m, code: string) => `\0${codes.push(code) - 1}\0`);
  return escapeHtml(held)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^[\]]+)\]\(([^)\s[]+)\)/g, (_m, label: string, url: string) => `<a href="${escapeHtml(siteHref(url.replace(/&amp;/g, '&'), from, base))}">${label}</a>`)
    .replace(/\0(\d+)\0/g, (_m, i: string) => `<code>${escapeHtml(codes[Number(i)] ?? '')}</code>`);
}

function codeBlock(lang: string, lines: readonly string[]): string {
  const language = /^[\w+-]{1,20}$/.test(lang) ? lang.toLowerCase() : 'text';
  return `<div class="language-${language} vp-adaptive-theme"><button title="Copy Code" class="copy"></button><span class="lang">${language}</span><pre class="vp-code"><code>${escapeHtml(lines.join('\n'))}</code></pre></div>`;
}

/** One step as HTML. `from` is the kb path of the step's article, for its relative links. */
export function stepToHtml(markdown: string, from: string, base = '/'): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  let paragraph: string[] = [];
  let items: string[][] = [];
  const flush = (): void => {
    if (paragraph.length) out.push(`<p>${inline(paragraph.join(' '), from, base)}</p>`);
    if (items.length) out.push(`<ul>${items.map((item) => `<li>${inline(item.join(' '), from, base)}</li>`).join('')}</ul>`);
    paragraph = [];
    items = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const trimmed = line.trim();
    if (trimmed.startsWith('```')) {
      flush();
      const indent = line.length - line.trimStart().length;
      const code: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? '').trim().startsWith('```'); i++) code.push((lines[i] ?? '').slice(Math.min(indent, (lines[i] ?? '').length - (lines[i] ?? '').trimStart().length)));
      out.push(codeBlock(trimmed.slice(3).trim(), code));
    } else if (trimmed === '') flush();
    else if (/^[-*] /.test(trimmed)) {
      if (paragraph.length) {
        out.push(`<p>${inline(paragraph.join(' '), from, base)}</p>`);
        paragraph = [];
      }
      items.push([trimmed.slice(2)]);
    } else if (items.length && line.startsWith(' ')) items[items.length - 1]?.push(trimmed);
    else {
      if (items.length) flush();
      paragraph.push(trimmed);
    }
  }
  flush();
  return out.join('\n');
}

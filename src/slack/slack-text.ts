// Slack delivers message and command text in its own markup: &amp; &lt; &gt; escaped, links and
// mentions as <...>, code blocks fenced with ``` glued to the first and last line. The parsers expect
// what the admin copied, so this undoes the markup first.

/**
 * Slack text -> the text as typed. Mentions of `botUserId` are dropped (they address the bot, they are
 * not part of the paste); other mentions become @U..., links keep the text the user wrote.
 */
export function fromSlackText(text: string, botUserId?: string): string {
  return text
    .replace(/<@([UW][A-Z0-9]{2,20})(?:\|[^>]{0,80})?>/g, (_, id: string) => (id === botUserId ? '' : `@${id}`))
    .replace(/<#[A-Z0-9]{2,20}\|([^>]{0,80})>/g, '#$1')
    .replace(/<!(here|channel|everyone)(?:\|[^>]{0,40})?>/g, '@$1')
    .replace(/<!subteam\^[A-Z0-9]{2,20}(?:\|([^>]{0,80}))?>/g, (_, name?: string) => name ?? '@group')
    .replace(/<((?:https?|mailto|ftp):[^|<>\s]{1,4000})(?:\|([^>]{0,4000}))?>/g, (_, url: string, label?: string) => label ?? url)
    .replace(/```/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

/** True when the text mentions the user id (e.g. the bot). */
export function mentions(text: string | undefined, userId: string | undefined): boolean {
  return Boolean(text && userId && text.includes(`<@${userId}`));
}

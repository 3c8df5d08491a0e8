import type { SlackMessage } from '../../src/render/slack.js';

/**
 * What a reader of a Slack message sees: every text of its blocks (button values left out), without link
 * targets and kb file paths. A kb link written with its file's name as the label ([x](x.md)) is the kb's
 * prose, not an id the renderer adds, so it goes too.
 */
export function visibleText(message: SlackMessage): string {
  const texts: string[] = [];
  const visit = (node: unknown, key = ''): void => {
    if (typeof node === 'string') {
      if (key === 'text') texts.push(node);
    } else if (Array.isArray(node)) node.forEach((n) => visit(n));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) if (k !== 'value') visit(v, k);
  };
  visit(message.blocks);
  return texts.join('\n').replace(/<https?:[^|>]*\|/g, '<').replace(/[\w-]+ \(`kb\/[\w/-]+\.md`\)/g, '').replace(/kb\/[\w/-]+\.md/g, '');
}

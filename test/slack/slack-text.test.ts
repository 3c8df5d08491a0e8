import { describe, expect, it } from 'vitest';
import { fromSlackText } from '../../src/slack/slack-text.js';

describe('Slack markup back to the text as typed', () => {
  it.each([
    ['a link with its label', 'see <https://web01/app|the app> now', 'see the app now'],
    ['a bare link', 'open <http://web01/app/default.aspx?x=1>', 'open http://web01/app/default.aspx?x=1'],
    ['a mention of the bot and of someone else', '<@U0BOT> ask <@U123ABC|ann>', 'ask @U123ABC'],
    ['escaped brackets and code fences', '```&lt;EventID&gt;4625&lt;/EventID&gt; &amp; more```', '<EventID>4625</EventID> & more'],
  ])('should read %s', (_name, slack, typed) => {
    expect(fromSlackText(slack, 'U0BOT')).toBe(typed);
  });

  it('should leave an unclosed link run as it is, "<http:" repeated included', () => {
    const hostile = '<http:'.repeat(6667);
    expect(fromSlackText(hostile)).toBe(hostile);
    expect(fromSlackText(`${hostile}<http://web01|web01>`)).toBe(`${hostile}web01`);
  });
});

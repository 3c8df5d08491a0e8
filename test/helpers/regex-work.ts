// A deterministic measure of regular-expression work, for growth tests that must not time a clock.
// Every regex operation (test, match, matchAll, replace, split, search) reaches RegExp.prototype.exec once
// the prototype's exec is replaced (the spec's RegExpExec looks it up), so wrapping exec sees them all.
// Each call is charged the characters it had to look at at the least: up to the end of its match, or
// to the end of the text when it failed. A path that re-runs a pattern over the rest of the text for each
// line or match is charged quadratically; one pass is charged the length of the text.

export interface RegexWork {
  executions: number;
  characters: number;
}

export function measureRegexWork(run: () => void): RegexWork {
  const original = RegExp.prototype.exec;
  const originalSplit = RegExp.prototype[Symbol.split];
  const work: RegexWork = { executions: 0, characters: 0 };
  // split is one pass by its definition (it walks the text once, trying the separator at each place), but
  // through a replaced exec it makes one call per character: it is charged the text once instead, and run
  // on the engine's own fast path so the test stays quick.
  RegExp.prototype[Symbol.split] = function split(this: RegExp, input: string, limit?: number): string[] {
    RegExp.prototype.exec = original;
    try {
      return originalSplit.call(this, input, limit);
    } finally {
      RegExp.prototype.exec = counting;
      work.executions++;
      work.characters += String(input).length + 1;
    }
  };
  const counting = function exec(this: RegExp, input: string): RegExpExecArray | null {
    const text = String(input);
    const from = this.global || this.sticky ? this.lastIndex : 0;
    const match = original.call(this, text);
    work.executions++;
    if (this.sticky) work.characters += match ? match[0].length + 1 : 1;
    else work.characters += match ? match.index + match[0].length - from + 1 : text.length - from + 1;
    return match;
  };
  RegExp.prototype.exec = counting;
  try {
    run();
  } finally {
    RegExp.prototype.exec = original;
    RegExp.prototype[Symbol.split] = originalSplit;
  }
  return work;
}

// One pass over a text finds every occurrence of every pattern (Aho-Corasick): the time is linear in the
// text plus the occurrences, however many patterns there are. It replaces one indexOf loop per phrase,
// whose cost grew with the number of phrases times the paste.

interface Node {
  readonly next: Map<number, number>;
  fail: number;
  /** Patterns that end exactly here. */
  readonly ends: number[];
  /** The nearest node on the fail chain that ends a pattern (-1: none), so outputs are walked, not searched. */
  output: number;
}

const node = (): Node => ({ next: new Map(), fail: 0, ends: [], output: -1 });

export class MultiPatternMatcher {
  private readonly nodes: Node[] = [node()];
  readonly patterns: readonly string[];

  constructor(patterns: readonly string[]) {
    this.patterns = patterns;
    patterns.forEach((pattern, index) => {
      if (pattern === '') return;
      let at = 0;
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern.charCodeAt(i);
        let to = this.nodes[at]?.next.get(c);
        if (to === undefined) {
          to = this.nodes.length;
          this.nodes.push(node());
          this.nodes[at]?.next.set(c, to);
        }
        at = to;
      }
      this.nodes[at]?.ends.push(index);
    });
    this.link();
  }

  /** Breadth first, so every node's fail target is complete before its children need it. */
  private link(): void {
    const queue: number[] = [];
    for (const child of this.nodeAt(0).next.values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const current = this.nodeAt(queue[head] ?? 0);
      for (const [c, child] of current.next) {
        let fail = current.fail;
        while (fail !== 0 && !this.nodeAt(fail).next.has(c)) fail = this.nodeAt(fail).fail;
        const target = this.nodeAt(fail).next.get(c);
        const childNode = this.nodeAt(child);
        childNode.fail = target !== undefined && target !== child ? target : 0;
        const failNode = this.nodeAt(childNode.fail);
        childNode.output = failNode.ends.length > 0 ? childNode.fail : failNode.output;
        queue.push(child);
      }
    }
  }

  private nodeAt(index: number): Node {
    return this.nodes[index] as Node;
  }

  /** Calls `found(pattern index, start)` for every occurrence, in order of where it ends. */
  scan(text: string, found: (pattern: number, start: number) => void): void {
    let at = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let current = this.nodeAt(at);
      while (at !== 0 && !current.next.has(c)) {
        at = current.fail;
        current = this.nodeAt(at);
      }
      at = current.next.get(c) ?? 0;
      for (let out = at; out !== -1; out = this.nodeAt(out).output) {
        for (const pattern of this.nodeAt(out).ends) found(pattern, i + 1 - (this.patterns[pattern]?.length ?? 0));
      }
    }
  }
}

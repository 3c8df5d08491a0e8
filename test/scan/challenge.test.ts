import { describe, expect, it } from 'vitest';
import { CHALLENGE_WINDOW_LINES, CHALLENGE_WINDOW_SECONDS, ChallengeWindow, MAX_PENDING } from '../../src/scan/challenge.js';

function window(): { window: ChallengeWindow; verdicts: Array<[number, number, boolean]> } {
  const verdicts: Array<[number, number, boolean]> = [];
  return { window: new ChallengeWindow((bucket, count, challenge) => verdicts.push([bucket, count, challenge])), verdicts };
}

describe('ChallengeWindow', () => {
  it('should make every 401 of a client + URL a challenge leg when a success follows in time', () => {
    const { window: w, verdicts } = window();
    w.add(7, 70, 0, 1000, 1, 5);
    w.add(7, 70, 1, 1000, 2, 5);
    expect(w.hasKey(7)).toBe(true);
    w.resolve(7, 70, 1001, 3);
    expect(verdicts).toEqual([
      [0, 1, true],
      [1, 1, true],
    ]);
    expect(w.size).toBe(0);
  });

  it('should count a success past the window as no answer', () => {
    const { window: w, verdicts } = window();
    w.add(7, 70, 0, 1000, 1, 5);
    w.resolve(7, 70, 1000 + CHALLENGE_WINDOW_SECONDS + 1, 9);
    expect(verdicts).toEqual([[0, 1, false]]);
  });

  it('should start a new group when a 401 comes after the window, failing the old one', () => {
    const { window: w, verdicts } = window();
    w.add(7, 70, 0, 1000, 1, 5);
    w.add(7, 70, 0, 1000 + CHALLENGE_WINDOW_SECONDS + 5, 2, 5);
    expect(verdicts).toEqual([[0, 1, false]]);
    w.resolve(7, 70, 1000 + CHALLENGE_WINDOW_SECONDS + 6, 3);
    expect(verdicts).toEqual([
      [0, 1, false],
      [0, 1, true],
    ]);
  });

  it('should not take a success for another client + URL that shares the map key', () => {
    const { window: w, verdicts } = window();
    w.add(7, 70, 0, 1000, 1, 5);
    w.resolve(7, 71, 1000, 2);
    expect(verdicts).toEqual([]);
    w.flush();
    expect(verdicts).toEqual([[0, 1, false]]);
  });

  it('should expire groups on a sweep, and keep the ones still in time', () => {
    const { window: w, verdicts } = window();
    w.add(1, 10, 0, 1000, 1, 1);
    w.add(2, 20, 0, 1100, 2, 2);
    w.expire(1000 + CHALLENGE_WINDOW_SECONDS + 1, 3);
    expect(verdicts).toEqual([[0, 1, false]]);
    expect(w.size).toBe(1);
  });

  it('should keep a group alive while its 401s keep coming, even from the front of the map', () => {
    const { window: w, verdicts } = window();
    w.add(1, 10, 0, 1000, 1, 1);
    w.add(2, 20, 0, 1010, 2, 2);
    w.add(1, 10, 0, 1100, 3, 1);
    w.expire(1135, 4);
    expect(verdicts).toEqual([[0, 1, false]]);
    w.resolve(1, 10, 1140, 5);
    expect(verdicts).toEqual([
      [0, 1, false],
      [0, 2, true],
    ]);
  });

  it('should count lines instead of seconds when the log has no time', () => {
    const { window: w, verdicts } = window();
    w.add(1, 10, 0, -1, 1, 1);
    w.resolve(1, 10, -1, 2 + CHALLENGE_WINDOW_LINES);
    expect(verdicts).toEqual([[0, 1, false]]);
  });

  it('should filter successes by URL before anything else', () => {
    const { window: w } = window();
    expect(w.mayWaitFor(123)).toBe(false);
    w.add(1, 10, 0, 1000, 1, 123);
    expect(w.mayWaitFor(123 + 65_536)).toBe(true);
    w.resolve(1, 10, 1000, 2);
    expect(w.mayWaitFor(123)).toBe(false);
  });

  it('should hold at most MAX_PENDING groups, failing the oldest', () => {
    const { window: w, verdicts } = window();
    for (let key = 0; key <= MAX_PENDING; key++) w.add(key, key, 0, 1000, key, key);
    expect(w.size).toBe(MAX_PENDING);
    expect(verdicts).toEqual([[0, 1, false]]);
  });
});

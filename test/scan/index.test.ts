import { describe, expect, it } from 'vitest';
import * as scan from '../../src/scan/index.js';

describe('the scan module', () => {
  it('should export exactly its public surface', () => {
    expect(Object.keys(scan).sort()).toEqual([
      'BOT_MAX_BYTES',
      'CHALLENGE_WINDOW_LINES',
      'CHALLENGE_WINDOW_SECONDS',
      'MAX_PENDING',
      'ScanInputError',
      'TimeRangeError',
      'diagnoseTally',
      'renderScanSlack',
      'renderScanText',
      'resolveInputs',
      'scanBuffer',
      'scanInputs',
      'withoutCauses',
    ]);
  });
});

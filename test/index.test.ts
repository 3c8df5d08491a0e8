import { describe, expect, it } from 'vitest';
import * as iis401 from '../src/index.js';

describe('the public surface', () => {
  it('should export exactly the engine, the parser, the renderers and the scanner', () => {
    expect(Object.keys(iis401).sort()).toEqual(['DiagnosisEngine', 'KnowledgeBaseError', 'createEngine', 'parse', 'renderJson', 'renderSlack', 'renderText', 'scanBuffer', 'toJson']);
  });
});

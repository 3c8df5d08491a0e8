// The public surface of iis401 as a library: the engine, the parser, the renderers and their types.
export { createEngine, KnowledgeBaseError } from './engine.js';
export { DiagnosisEngine } from './diagnose.js';
export type { Confidence, Diagnosis, RankedCause, Verdict } from './diagnose.js';
export { parse } from './parse/index.js';
export { renderJson, toJson } from './render/json.js';
export { renderText } from './render/text.js';
export { renderSlack } from './render/slack.js';
export { scanBuffer } from './scan/index.js';
export type { ScanReport } from './scan/index.js';
export type { DecodedCode, EventRecord, ErrorPageRecord, LogRecord, Symptoms, TraceRecord } from './symptoms.js';

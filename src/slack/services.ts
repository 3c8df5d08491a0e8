import type { Logger } from '@slack/bolt';
import type { DiagnosisEngine } from '../diagnose.js';
import type { TaskRunner } from '../worker/pool.js';
import type { SlackConfig } from './config.js';
import { FeedbackLog } from './feedback.js';
import { LruCache } from './lru-cache.js';

/** Answers whose input is kept for "Next cause" / "All steps". */
export const REMEMBERED_INPUTS = 500;
/** How long a remembered input lives (ms): an hour is long enough to page through one answer. */
export const REMEMBER_MS = 60 * 60 * 1000;
/** Characters of remembered input in total (about 128 MB of UTF-16 at most). */
export const REMEMBER_CHARS = 64 * 1024 * 1024;
/** How long a delivery (event_id, channel+ts) counts as seen: Slack's last retry comes ~5 min later. */
export const DEDUPE_MS = 15 * 60 * 1000;
const DEDUPE_KEYS = 20_000;

/** What every listener needs, built once per app. */
export interface SlackServices {
  readonly engine: DiagnosisEngine;
  readonly config: SlackConfig;
  readonly logger: Logger;
  /** Redacted inputs by sha256, in memory only. */
  readonly inputs: LruCache<string>;
  /** Deliveries already handled: `event:<event_id>`, `msg:<channel>:<ts>`, `file:<id>:<channel>`. */
  readonly seen: LruCache<true>;
  readonly feedback: FeedbackLog;
  /** Used for file downloads. */
  readonly fetch: typeof fetch;
  /** Where pastes and files are read, off the event loop and under a budget (src/worker/). */
  readonly tasks: TaskRunner;
  /** How long /iis401 waits for its answer before it acks "working on it" (ms). */
  readonly ackMs: number;
}

export function createServices(engine: DiagnosisEngine, config: SlackConfig, logger: Logger, work: { readonly tasks: TaskRunner; readonly ackMs: number }, fetchFn: typeof fetch = fetch, now?: () => number): SlackServices {
  return {
    tasks: work.tasks,
    ackMs: work.ackMs,
    engine,
    config,
    logger,
    inputs: new LruCache<string>({ max: REMEMBERED_INPUTS, ttlMs: REMEMBER_MS, maxWeight: REMEMBER_CHARS, weigh: (text) => text.length, ...(now ? { now } : {}) }),
    seen: new LruCache<true>({ max: DEDUPE_KEYS, ttlMs: DEDUPE_MS, ...(now ? { now } : {}) }),
    feedback: new FeedbackLog(config.dataDir),
    fetch: fetchFn,
  };
}

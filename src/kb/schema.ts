import { z } from 'zod';

// The front-matter schema is also the TypeScript type of an article and of a rule (z.infer), so the
// loader, the matcher and `kb check` cannot disagree about what a field means.

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** One condition on a symptom field. A bare value means "equals". */
export const conditionSchema = z.union([
  scalar,
  z
    .object({
      any: z.array(scalar).min(1).optional(),
      all: z.array(scalar).min(1).optional(),
      none: z.array(scalar).min(1).optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      present: z.literal(true).optional(),
      absent: z.literal(true).optional(),
    })
    .strict()
    .refine((c) => Object.keys(c).length > 0, { message: 'a condition needs at least one of any, all, none, min, max, present, absent' }),
]);

export const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-.]+$/, 'a rule id is <cause id>/<slug> in lower case'),
    weight: z.number().min(0.5).max(10),
    why: z.string().min(5),
    when: z.record(z.string(), conditionSchema).refine((w) => Object.keys(w).length > 0, { message: 'a rule needs at least one condition' }),
    samples: z.array(z.string().min(1)).default([]),
    not_samples: z.array(z.string().min(1)).default([]),
  })
  .strict();

const substatus = z.string().regex(/^\d{3}(\.\d{1,3})?$/, 'a sub-status is written like "401.1"');

export const frontMatterSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an id is kebab-case'),
    kind: z.enum(['cause', 'guide']),
    title: z.string().min(5),
    summary: z.string().min(20).max(400),
    substatus: z.array(substatus),
    // Exact first versions where a feature starts (IP restrictions 8.0+, Extended Protection 7.5+, HTTP/2 10 only,
    // the loopback check from 5.1 on XP SP2); the three era tags stay valid.
    iis: z.array(z.enum(['5.0', '5.1', '6.0', '7.0+', '7.5+', '8.0+', '10.0'])).min(1),
    symptoms: z.array(z.string().min(2)).default([]),
    codes: z
      .object({
        win32: z.array(z.number().int().nonnegative()).default([]),
        ntstatus: z.array(z.string().regex(/^0x[0-9A-F]{1,8}$/, 'NTSTATUS codes are written 0xC000006A')).default([]),
        hresult: z.array(z.string().regex(/^0x[0-9A-F]{1,8}$/, 'HRESULT codes are written 0x8009030C')).default([]),
        events: z.array(z.number().int().positive()).default([]),
      })
      .strict()
      .default({ win32: [], ntstatus: [], hresult: [], events: [] }),
    related: z.array(z.string()).default([]),
    sources: z.array(z.string().min(3)).min(1),
    // The matcher's data lives in kb/rules/<id>.yml (ruleFileSchema); an article that still carries it
    // loads (the loader merges both) but `kb check` asks for the move (scripts/kb-split-rules.mjs).
    samples: z.array(z.string().min(5)).default([]),
    rules: z.array(ruleSchema).default([]),
    /** Base rate among real 401 reports, 0-1: breaks near-ties toward common causes. */
    prior: z.number().min(0).max(1).default(0.1),
  })
  .strict();

/** Front-matter keys that are the matcher's data, not the reader's: they belong in kb/rules/<id>.yml. */
export const ENGINE_KEYS = ['symptoms', 'samples', 'prior', 'rules'] as const;

/** At most this many lines of front matter in an article, so it reads as a document on a git host. */
export const MAX_FRONT_MATTER_LINES = 25;

/**
 * kb/rules/<id>.yml: one file per cause, like a Sigma rule, holding what the matcher and search need
 * (search phrases, samples that must diagnose here, the prior, the rules) in the native field names.
 */
export const ruleFileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an id is kebab-case'),
    symptoms: z.array(z.string().min(2)).default([]),
    samples: z.array(z.string().min(5)).default([]),
    prior: z.number().min(0).max(1).optional(),
    rules: z.array(ruleSchema).default([]),
  })
  .strict();

export type RuleFile = z.infer<typeof ruleFileSchema>;

export type Condition = z.infer<typeof conditionSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type FrontMatter = z.infer<typeof frontMatterSchema>;

/** The sections each kind of article has, in this order. */
export const REQUIRED_SECTIONS: Readonly<Record<FrontMatter['kind'], readonly string[]>> = {
  cause: ['Symptoms', 'Why it happens', 'Fix', 'Check that it worked', 'Related'],
  guide: ['When to use this', 'Steps', 'Check that it worked', 'Related'],
};

/** The section whose ordered list holds the steps. */
export const STEPS_SECTION: Readonly<Record<FrontMatter['kind'], string>> = { cause: 'Fix', guide: 'Steps' };

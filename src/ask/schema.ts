import { z } from 'zod';

// kb/questions.yml: the questions the bot may ask and how each answer shifts each cause. The schema is
// also the TypeScript type, so the loader, `kb check` and the engine cannot disagree about a field.

const probability = z.number().min(0, 'a likelihood is a probability from 0 to 1').max(1, 'a likelihood is a probability from 0 to 1');

export const answerSchema = z
  .object({
    value: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an answer value is kebab-case (it is typed as --answer key=value)'),
    label: z.string().min(2).max(75),
    /** P(this answer | cause) for the causes named. */
    likelihood: z.record(z.string(), probability),
    /** P(this answer | any cause not named). */
    default: probability,
  })
  .strict();

export const questionSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a question key is kebab-case'),
    text: z.string().min(10).max(150),
    why: z.string().min(10).max(200),
    answers: z.array(answerSchema).min(2).max(5),
  })
  .strict();

export const questionFileSchema = z.object({ questions: z.array(questionSchema) }).strict();

export type Answer = z.infer<typeof answerSchema>;
export type Question = z.infer<typeof questionSchema>;

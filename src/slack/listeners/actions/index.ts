import type { App, BlockButtonAction } from '@slack/bolt';
import type { Registration } from '../../registration.js';
import type { SlackServices } from '../../services.js';
import * as allSteps from './all-steps.js';
import * as answerQuestion from './answer-question.js';
import * as nextCause from './next-cause.js';
import * as share from './share.js';
import * as vote from './vote.js';

export function register(app: App, services: SlackServices): Registration[] {
  const [helped, notHelped] = vote.registrations;
  app.action<BlockButtonAction>(helped.actionId, vote.voteAction(services, 'helped'));
  app.action<BlockButtonAction>(notHelped.actionId, vote.voteAction(services, 'not-helped'));
  app.action<BlockButtonAction>(nextCause.registration.actionId, nextCause.nextCauseAction(services));
  app.action<BlockButtonAction>(allSteps.registration.actionId, allSteps.allStepsAction(services));
  app.action<BlockButtonAction>(share.registration.actionId, share.shareAction(services));
  app.action<BlockButtonAction>(answerQuestion.registration.actionId, answerQuestion.answerQuestionAction(services));
  return [...vote.registrations, nextCause.registration, allSteps.registration, share.registration, answerQuestion.registration];
}

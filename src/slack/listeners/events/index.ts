import type { App } from '@slack/bolt';
import type { Registration } from '../../registration.js';
import type { SlackServices } from '../../services.js';
import * as mention from './app-mention.js';
import * as file from './file-shared.js';

export function register(app: App, services: SlackServices): Registration[] {
  app.event(mention.registration.event, mention.appMention(services));
  app.event(file.registration.event, file.fileShared(services));
  return [mention.registration, file.registration];
}

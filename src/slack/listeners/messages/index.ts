import type { App } from '@slack/bolt';
import type { Registration } from '../../registration.js';
import type { SlackServices } from '../../services.js';
import * as channel from './channel-message.js';
import * as direct from './direct-message.js';

export function register(app: App, services: SlackServices): Registration[] {
  app.event('message', channel.channelMessage(services));
  app.event('message', direct.directMessage(services));
  return [channel.registration, direct.registration];
}

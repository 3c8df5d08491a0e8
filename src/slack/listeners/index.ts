import type { App } from '@slack/bolt';
import type { Registration } from '../registration.js';
import type { SlackServices } from '../services.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import * as messages from './messages/index.js';
import * as shortcuts from './shortcuts/index.js';

/** Every surface, registered; the returned list is what manifest.yml must declare. */
export function registerListeners(app: App, services: SlackServices): Registration[] {
  return [commands, messages, events, shortcuts, actions].flatMap((surface) => surface.register(app, services));
}

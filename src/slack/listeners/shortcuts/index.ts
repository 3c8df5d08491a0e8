import type { App, MessageShortcut } from '@slack/bolt';
import type { Registration } from '../../registration.js';
import type { SlackServices } from '../../services.js';
import { diagnose401Shortcut, registration } from './diagnose-401.js';

// Bolt names the payload type of a message shortcut `message_action`; the manifest calls it `message`.
export function register(app: App, services: SlackServices): Registration[] {
  app.shortcut<MessageShortcut>({ callback_id: registration.callbackId, type: 'message_action' }, diagnose401Shortcut(services));
  return [registration];
}

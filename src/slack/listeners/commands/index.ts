import type { App } from '@slack/bolt';
import type { Registration } from '../../registration.js';
import type { SlackServices } from '../../services.js';
import { iis401Command, registration } from './iis401-command.js';

export function register(app: App, services: SlackServices): Registration[] {
  app.command(registration.command, iis401Command(services));
  return [registration];
}

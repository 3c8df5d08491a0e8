// What each listener registers, as data: the manifest test compares these with manifest.yml, so a
// listener cannot be added without declaring it (and the reverse).

/** Slack's channel_type values of message events, and the manifest event each one needs. */
export const MESSAGE_EVENTS = {
  channel: 'message.channels',
  group: 'message.groups',
  im: 'message.im',
  mpim: 'message.mpim',
} as const;

export type ChannelType = keyof typeof MESSAGE_EVENTS;

export type Registration =
  | { readonly kind: 'command'; readonly command: string }
  | { readonly kind: 'shortcut'; readonly type: 'message' | 'global'; readonly callbackId: string }
  | { readonly kind: 'event'; readonly event: string; readonly channelTypes?: readonly ChannelType[] }
  | { readonly kind: 'action'; readonly actionId: string };

/** The manifest `bot_events` entries a registration needs. */
export function manifestEvents(registration: Registration): string[] {
  if (registration.kind !== 'event') return [];
  if (registration.event === 'message') return (registration.channelTypes ?? ['channel', 'group', 'im', 'mpim']).map((t) => MESSAGE_EVENTS[t]);
  return [registration.event];
}

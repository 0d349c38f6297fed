// The handler implementations by name; the processor takes a set, so tests can swap one in.
import { liveHandler } from './live.js';
import { mailHandler } from './mail.js';
import { notificationHandler } from './notification.js';
import { timelineHandler } from './timeline.js';
import type { HandlerSet } from './types.js';

export const DEFAULT_HANDLERS: HandlerSet = {
  timeline: timelineHandler,
  notification: notificationHandler,
  live: liveHandler,
  mail: mailHandler,
};

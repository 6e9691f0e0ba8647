/**
 * What createBot is given. Apart from context.ts because it names the
 * middlewares' options, and the middlewares import the context: keeping
 * both in one file made each import the other.
 */
import type { UserFromGetMe } from 'grammy/types';
import type { Config } from '../config.js';
import type { Library } from '../library/library.js';
import type { Logger } from '../logger.js';
import type { Publisher, SchedulerControl } from '../publish/types.js';
import type { Renderer } from '../render/document.js';
import type { Store } from '../store/store.js';
import type { BackgroundTasks } from './background.js';
import type { UpdateObserver } from './middlewares/observe.js';
import type { RateLimitOptions } from './middlewares/rate-limit.js';

export interface BotDeps {
  token: string;
  /** Skips getMe at start-up (tests, or a cached identity). */
  botInfo?: UserFromGetMe;
  /** Bot API server (the stand-in in tests); default api.telegram.org. */
  apiRoot?: string;
  config: Config;
  library: Library;
  store: Store;
  publisher: Publisher;
  scheduler: SchedulerControl;
  logger: Logger;
  now: () => Date;
  /** Renders single topics; default `createRenderer()`. */
  renderer?: Renderer;
  /** Where /repost and /post run; pass one to wait for them at shutdown. */
  background?: BackgroundTasks;
  /** Default 10 commands per 10 s per user. */
  rateLimit?: Partial<RateLimitOptions>;
  /** Receives command counts and handling times (metrics). */
  observer?: UpdateObserver;
}

/**
 * The bot's context: grammY's plus what every feature needs, put there by
 * the first middleware (see middlewares/attach.ts).
 */
import type { Context } from 'grammy';
import type { Config } from '../config.js';
import type { Library } from '../library/library.js';
import type { Logger } from '../logger.js';
import type { Publisher, SchedulerControl } from '../publish/types.js';
import type { Renderer } from '../render/document.js';
import type { Store } from '../store/store.js';
import type { CallbackCodec, CallbackData } from '../telegram/callback-data.js';
import type { BackgroundTasks } from './background.js';
import type { Lang, Messages } from './i18n.js';

/** The dependencies as features use them: defaults filled in, the token left out. */
export interface BotServices {
  config: Config;
  library: Library;
  store: Store;
  publisher: Publisher;
  scheduler: SchedulerControl;
  logger: Logger;
  now: () => Date;
  renderer: Renderer;
  background: BackgroundTasks;
  codec: CallbackCodec;
  /** Scrub secrets (the token) from text that goes to a chat, such as an error message. */
  redact(text: string): string;
}

export interface BotFlavor {
  services: BotServices;
  lang: Lang;
  t: Messages;
  /** Child logger with the update, user and chat ids. */
  log: Logger;
  /** True when the sender's numeric id is in ADMIN_IDS. */
  isAdmin: boolean;
  /** The verified data of a button press (set by middlewares/callbacks.ts). */
  callback?: CallbackData;
  /** Where an admin's command from a group is answered: their private chat (middlewares/admin-private.ts). */
  privateReply?: number;
}

export type BotContext = Context & BotFlavor;

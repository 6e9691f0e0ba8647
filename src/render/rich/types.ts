/**
 * The Bot API's rich-message types as grammY 1.46 declares them
 * (`@grammyjs/types/rich.d.ts`, re-exported by `grammy/types`). Media go by
 * URL only: the bot never uploads files in a rich message.
 */
import type { InputRichBlock, InputRichBlockListItem, RichBlockTableCell, RichText } from 'grammy/types';

export type Block = InputRichBlock;
export type ListItem = InputRichBlockListItem;
export type TableCell = RichBlockTableCell;
export type { RichText };

/** What a rich part sends: `sendRichMessage` with explicit blocks, never markdown or html source. */
export interface SendRichPayload {
  method: 'sendRichMessage';
  rich_message: { blocks: Block[] };
  disable_notification?: true;
}

/**
 * Links to messages in a channel: `t.me/<username>/<id>` for a public
 * channel, `t.me/c/<id without -100>/<id>` for a private one. The channel's
 * identity comes from getChat, asked once per channel.
 */
import type { Api } from 'grammy';
import { chatKey } from './pacer.js';
import type { ChatTarget } from './types.js';

/** What a link to a channel message needs: the numeric id, and the public username if there is one. */
export interface ChannelInfo {
  id: number;
  username?: string;
}

export type ChannelInfoLookup = (channel: ChatTarget) => Promise<ChannelInfo>;

/**
 * `getChat`, asked once per channel and remembered (a failure is not
 * remembered, so the next call asks again).
 */
export function channelInfoFromApi(api: Api): ChannelInfoLookup {
  const cache = new Map<string, Promise<ChannelInfo>>();
  return (channel) => {
    const key = chatKey(channel);
    let info = cache.get(key);
    if (!info) {
      info = api
        .getChat(channel)
        .then((chat) => ('username' in chat && chat.username ? { id: chat.id, username: chat.username } : { id: chat.id }));
      cache.set(key, info);
      info.catch(() => cache.delete(key));
    }
    return info;
  };
}

/**
 * `https://t.me/<username>/<id>` for a public channel, `https://t.me/c/<n>/<id>`
 * for a private one (n is the -100… id without -100); undefined for a chat
 * that has no message links (a basic group).
 */
export function messageLink(channel: ChannelInfo, messageId: number): string | undefined {
  if (channel.username) return `https://t.me/${channel.username}/${messageId}`;
  const id = String(channel.id);
  return id.startsWith('-100') && id.length > 4 ? `https://t.me/c/${id.slice(4)}/${messageId}` : undefined;
}

/**
 * Channels in the fake Telegram and `getChatMember`, as the Bot API documents them (core.telegram.org/bots/api,
 * getChatMember and ChatMember; fields as in @grammyjs/types, the Bot API version grammY 1.46 ships): a member is one of six kinds by `status` — "creator", "administrator", "member",
 * "restricted" (with `is_member`), "left", "kicked" (with `until_date`, 0 for ever). A person who never joined is
 * "left". A bot learns about other members only where it is an administrator: elsewhere Telegram answers 400
 * "member list is inaccessible". An unknown @username is 400 "chat not found"; an id Telegram never saw is 400
 * "user not found".
 */
import type { ChatMember } from "grammy/types";
import type { MethodCall } from "./methods.ts";
import { apiBotUser, apiUser, type FakeBot, type TelegramState } from "./state.ts";
import { badRequest } from "./validate.ts";

export type MemberStatus = "creator" | "administrator" | "member" | "restricted" | "left" | "kicked";

interface Membership {
  status: MemberStatus;
  /** restricted only: whether the person is still in the channel. */
  isMember?: boolean;
}

export interface ChannelSpec {
  /** Without the @. */
  username: string;
  title?: string;
}

interface ChannelState {
  id: number;
  username: string;
  title: string;
  members: Map<number, Membership>;
  /** Bot ids that are administrators of the channel. */
  adminBots: Set<number>;
}

class Channels {
  private nextId = -1001_000_000_001;
  readonly byId = new Map<number, ChannelState>();

  add(spec: ChannelSpec): ChannelState {
    if (!/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(spec.username)) throw new Error(`fake telegram: ${spec.username} is not a channel username`);
    const channel: ChannelState = { id: this.nextId--, username: spec.username, title: spec.title ?? spec.username, members: new Map(), adminBots: new Set() };
    this.byId.set(channel.id, channel);
    return channel;
  }

  /** A chat_id as the Bot API takes it: the numeric id, or "@username" (case-insensitive). */
  find(chatId: unknown): ChannelState | undefined {
    if (typeof chatId === "string" && chatId.startsWith("@")) {
      const name = chatId.slice(1).toLowerCase();
      return [...this.byId.values()].find((c) => c.username.toLowerCase() === name);
    }
    const id = typeof chatId === "number" ? chatId : typeof chatId === "string" && /^-?\d+$/.test(chatId) ? Number(chatId) : NaN;
    return this.byId.get(id);
  }
}

const registries = new WeakMap<TelegramState, Channels>();

function channelsOf(state: TelegramState): Channels {
  let channels = registries.get(state);
  if (!channels) registries.set(state, (channels = new Channels()));
  return channels;
}

/** A channel a test steers: people join, leave, are banned or restricted; bots are made administrators or not. */
export class FakeChannel {
  constructor(
    private readonly state: TelegramState,
    private readonly channel: ChannelState,
  ) {}

  get id(): number {
    return this.channel.id;
  }

  get username(): string {
    return this.channel.username;
  }

  join(userId: number): this {
    return this.set(userId, { status: "member" });
  }

  leave(userId: number): this {
    return this.set(userId, { status: "left" });
  }

  /** Banned: status "kicked" until unbanned (until_date 0). */
  ban(userId: number): this {
    return this.set(userId, { status: "kicked" });
  }

  restrict(userId: number, isMember: boolean): this {
    return this.set(userId, { status: "restricted", isMember });
  }

  addAdmin(bot: FakeBot): this {
    this.channel.adminBots.add(bot.id);
    this.state.changed();
    return this;
  }

  removeAdmin(bot: FakeBot): this {
    this.channel.adminBots.delete(bot.id);
    this.state.changed();
    return this;
  }

  private set(userId: number, membership: Membership): this {
    this.channel.members.set(userId, membership);
    this.state.changed();
    return this;
  }
}

export function addChannel(state: TelegramState, spec: ChannelSpec): FakeChannel {
  return new FakeChannel(state, channelsOf(state).add(spec));
}

const getChatMember = ({ state, bot, params }: MethodCall): ChatMember => {
  const channel = channelsOf(state).find(params.chat_id);
  if (!channel) throw badRequest("chat not found");
  const raw = params.user_id;
  const userId = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(userId) || userId <= 0) throw badRequest("invalid user_id specified");
  if (!channel.adminBots.has(bot.id)) throw badRequest("member list is inaccessible");
  if (userId === bot.id) return { status: "administrator", user: apiBotUser(bot), ...ADMIN_RIGHTS, can_be_edited: false };
  const person = state.people.get(userId);
  if (!person) throw badRequest("user not found");
  const user = apiUser(person);
  const membership = channel.members.get(userId) ?? { status: "left" };
  switch (membership.status) {
    case "creator":
      return { status: "creator", user, is_anonymous: false };
    case "administrator":
      return { status: "administrator", user, ...ADMIN_RIGHTS, can_be_edited: false };
    case "member":
      return { status: "member", user };
    case "restricted":
      return { status: "restricted", user, is_member: membership.isMember ?? true, until_date: 0, ...RESTRICTED_RIGHTS };
    case "kicked":
      return { status: "kicked", user, until_date: 0 };
    default:
      return { status: "left", user };
  }
};

const ADMIN_RIGHTS = {
  is_anonymous: false,
  can_manage_chat: true,
  can_delete_messages: true,
  can_manage_video_chats: true,
  can_restrict_members: true,
  can_promote_members: false,
  can_change_info: true,
  can_invite_users: true,
  can_post_messages: true,
  can_edit_messages: true,
  can_post_stories: false,
  can_edit_stories: false,
  can_delete_stories: false,
  can_send_welcome_messages: false,
} as const;

const RESTRICTED_RIGHTS = {
  can_send_messages: false,
  can_send_audios: false,
  can_send_documents: false,
  can_send_photos: false,
  can_send_videos: false,
  can_send_video_notes: false,
  can_send_voice_notes: false,
  can_send_polls: false,
  can_send_other_messages: false,
  can_add_web_page_previews: false,
  can_react_to_messages: false,
  can_change_info: false,
  can_edit_tag: false,
  can_invite_users: false,
  can_pin_messages: false,
  can_manage_topics: false,
} as const;

/** The methods of this file, for methods.ts's table. */
export const CHAT_METHODS = { getChatMember };

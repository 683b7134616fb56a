// The chat list and each chat's details (members and their receipts).
import { api } from "../api";
import { changed, state } from "../store";
import type { ChatSummary, ChatView, MemberView } from "../types";
import { encrypt, startGroup } from "../private/mls";
import { remember, reveal } from "../private/reveal";
import { isStale, onSignOut, session } from "./session";
import { settingsAppliedSince, settingsClock, withSettings } from "./settings";

let chatsRefresh: number | undefined;
onSignOut(() => clearTimeout(chatsRefresh));

let listsAsked = 0;
let listShown = 0;

/**
 * The list as the server has it, without undoing what this page learned while it was on its way: a list asked for
 * before the one shown is dropped, and a newer last message, newer settings and a further read mark are kept.
 */
export async function loadChats() {
  const started = session();
  const asked = ++listsAsked;
  const settingsMark = settingsClock();
  const list = await api.get<ChatSummary[]>("/api/chats");
  if (isStale(started) || asked < listShown) return;
  listShown = asked;
  state.chats = new Map(list.map(c => [c.id, newerOf(c, settingsMark)]));
  for (const c of list) state.myRead.set(c.id, Math.max(state.myRead.get(c.id) ?? 0, c.lastSequence - c.unread));
  changed();
}

function newerOf(listed: ChatSummary, settingsMark: number): ChatSummary {
  let chat = listed.lastMessage ? { ...listed, lastMessage: reveal(listed.lastMessage) } : listed;
  const known = state.chats.get(listed.id);
  if (!known) return chat;
  if (known.lastSequence > chat.lastSequence) chat = { ...chat, lastSequence: known.lastSequence, lastMessage: known.lastMessage };
  if (settingsAppliedSince(listed.id, settingsMark)) {
    chat = withSettings(chat, { muted: known.muted, pinnedAt: known.pinnedAt ?? null, archivedAt: known.archivedAt ?? null });
  }
  return chat;
}

export function refreshChatsSoon() {
  clearTimeout(chatsRefresh);
  chatsRefresh = window.setTimeout(() => loadChats().catch(() => {}), 300);
}

export async function loadDetails(chatId: string) {
  const started = session();
  const chat = await api.get<ChatView>(`/api/chats/${chatId}`);
  if (!isStale(started)) {
    // Receipts only move forward: one that arrived while this read was on its way stays.
    const known = new Map(state.details.get(chatId)?.members.map(m => [m.userId, m]));
    chat.members = chat.members.map(m => forward(m, known.get(m.userId)));
    state.details.set(chatId, chat);
    changed();
  }
  return chat;
}

export async function openDirect(userId: string, isPrivate = false): Promise<ChatView> {
  const chat = await api.post<ChatView>("/api/chats/direct", { userId, private: isPrivate });
  await startPrivate(chat);
  state.details.set(chat.id, chat);
  await loadChats();
  return chat;
}

export async function createGroup(title: string, memberIds: string[], isPrivate = false): Promise<ChatView> {
  const chat = await api.post<ChatView>("/api/chats/groups", { title, memberIds, private: isPrivate });
  await startPrivate(chat);
  state.details.set(chat.id, chat);
  await loadChats();
  return chat;
}

/** A member's receipts only move forward, whatever order their updates arrive in. */
export function applyMember(chatId: string, member: MemberView) {
  if (member.userId === state.me?.id) {
    state.myRead.set(chatId, Math.max(state.myRead.get(chatId) ?? 0, member.readUpTo));
  }
  const chat = state.details.get(chatId);
  if (!chat) return;
  const i = chat.members.findIndex(m => m.userId === member.userId);
  if (i >= 0) chat.members[i] = forward(member, chat.members[i]);
  else chat.members.push(member);
}

const forward = (member: MemberView, known: MemberView | undefined): MemberView => !known ? member
  : { ...member, deliveredUpTo: Math.max(known.deliveredUpTo, member.deliveredUpTo), readUpTo: Math.max(known.readUpTo, member.readUpTo) };

/**
 * A new private chat's first message is its MLS Welcome (issue 18): this device makes the group with a device of
 * each other member and posts it; a chat that already has messages was started before.
 */
async function startPrivate(chat: ChatView) {
  const me = state.me?.id;
  if (!chat.private || !me || chat.lastSequence > 0) return;
  const welcome = await startGroup(me, chat.id, chat.members.map(m => m.userId));
  await api.post(`/api/chats/${chat.id}/messages`, { clientMessageId: crypto.randomUUID(), text: null, ciphertext: welcome, handshake: true });
}

/** The ciphertext of a text for a private chat; the plaintext stays on this device. */
export async function sealFor(chatId: string, text: string): Promise<string> {
  const ciphertext = await encrypt(state.me!.id, chatId, text);
  remember(ciphertext, text);
  return ciphertext;
}

export const isPrivateChat = (chatId: string) => !!(state.chats.get(chatId)?.private ?? state.details.get(chatId)?.private);

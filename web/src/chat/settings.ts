// The user's own mute, pin and archive per chat, kept by the server so every device of theirs shows the same
// (another device's change arrives as a SettingsChanged update).
import { api } from "../api";
import { changed, state } from "../store";
import type { ChatSettingsView, ChatSummary } from "../types";

/** The server's limit (ChatMember.MaxPinned); a sixth pin is refused with chat.pin_limit. */
export const MaxPinned = 5;

/**
 * When this page last applied each chat's settings, on a clock of its own: a list read before then must not undo
 * them when it lands (loadChats), since any change that list saw also reaches this page as an update, in order.
 */
let clock = 0;
const appliedAt = new Map<string, number>();
export const settingsClock = () => clock;
export const settingsAppliedSince = (chatId: string, mark: number) => (appliedAt.get(chatId) ?? 0) > mark;

export async function changeSettings(chatId: string, change: { muted?: boolean; pinned?: boolean; archived?: boolean }) {
  applySettings(chatId, await api.put<ChatSettingsView>(`/api/chats/${chatId}/settings`, change));
}

export function applySettings(chatId: string, settings: ChatSettingsView) {
  const chat = state.chats.get(chatId);
  if (!chat) return;
  appliedAt.set(chatId, ++clock);
  state.chats.set(chatId, withSettings(chat, settings));
  changed();
}

/** The chat with these settings, and "archived" derived again from them. */
export function withSettings(chat: ChatSummary, settings: ChatSettingsView): ChatSummary {
  const merged = { ...chat, ...settings };
  return { ...merged, archived: isArchived(merged) };
}

/**
 * Archived until a message newer than the archiving arrives, unless muted (WhatsApp), as the server derives it
 * (ChatMember.IsArchived): a pushed message brings the chat back at once, without asking the server.
 */
export function isArchived(chat: Pick<ChatSummary, "archivedAt" | "muted" | "lastMessage">): boolean {
  if (!chat.archivedAt) return false;
  if (chat.muted || !chat.lastMessage) return true;
  return Date.parse(chat.lastMessage.createdAt) <= Date.parse(chat.archivedAt);
}

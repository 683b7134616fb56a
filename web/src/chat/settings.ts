// The user's own mute, pin and archive per chat, kept by the server so every device of theirs shows the same
// (another device's change arrives as a SettingsChanged update).
import { api } from "../api";
import { changed, state } from "../store";
import type { ChatSettingsView, ChatSummary } from "../types";

/** The server's limit (ChatMember.MaxPinned); a sixth pin is refused with chat.pin_limit. */
export const MaxPinned = 5;

export async function changeSettings(chatId: string, change: { muted?: boolean; pinned?: boolean; archived?: boolean }) {
  applySettings(chatId, await api.put<ChatSettingsView>(`/api/chats/${chatId}/settings`, change));
}

export function applySettings(chatId: string, settings: ChatSettingsView) {
  const chat = state.chats.get(chatId);
  if (!chat) return;
  state.chats.set(chatId, { ...chat, ...settings, archived: isArchived({ ...chat, ...settings }) });
  changed();
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

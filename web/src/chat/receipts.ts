// Delivered and read receipts: what this device reports, and the ticks it shows on the user's own messages.
import { api } from "../api";
import { changed, state } from "../store";
import type { MemberView, MessageView } from "../types";
import { applyMember } from "./chats";
import { isStale, onSignOut, session } from "./session";

/** The chat on screen, and whether the reader is at its latest message: only then does it count as read. */
let visibleChat: { chatId: string; atBottom: boolean } | null = null;
const receiptTimers = new Map<string, number>();
const receiptWanted = new Map<string, { delivered?: number; read?: number }>();

onSignOut(() => {
  visibleChat = null;
  for (const timer of receiptTimers.values()) clearTimeout(timer);
  receiptTimers.clear();
  receiptWanted.clear();
});

export function setVisibleChat(chatId: string | null, atBottom = true) {
  visibleChat = chatId ? { chatId, atBottom } : null;
  if (chatId) markReadIfVisible(chatId);
}

export function queueReceipt(chatId: string, delivered?: number, read?: number) {
  const wanted = receiptWanted.get(chatId) ?? {};
  if (delivered) wanted.delivered = Math.max(wanted.delivered ?? 0, delivered);
  if (read) wanted.read = Math.max(wanted.read ?? 0, read);
  receiptWanted.set(chatId, wanted);
  if (receiptTimers.has(chatId)) return;
  const started = session();
  receiptTimers.set(chatId, window.setTimeout(async () => {
    receiptTimers.delete(chatId);
    const w = receiptWanted.get(chatId);
    receiptWanted.delete(chatId);
    if (!w) return;
    try {
      const member = await api.post<MemberView>(`/api/chats/${chatId}/receipts`, { deliveredUpTo: w.delivered ?? null, readUpTo: w.read ?? null });
      if (isStale(started)) return;
      applyMember(chatId, member);
      changed();
    } catch {
      // Offline: the next catch-up or visit sends them again.
    }
  }, 150));
}

export function markReadIfVisible(chatId: string) {
  if (!visibleChat || visibleChat.chatId !== chatId || !visibleChat.atBottom || document.visibilityState !== "visible") return;
  const chat = state.chats.get(chatId);
  const t = state.timelines.get(chatId);
  if (!chat || !t || t.hasNewer) return;
  const last = chat.lastSequence;
  if (last > (state.myRead.get(chatId) ?? 0)) {
    state.myRead.set(chatId, last);
    queueReceipt(chatId, last, last);
    changed();
  }
}

document.addEventListener("visibilitychange", () => { if (visibleChat) markReadIfVisible(visibleChat.chatId); });

/** sent → delivered → read, from the other members' cursors (a group needs all of them). */
export function tickOf(m: MessageView): "sent" | "delivered" | "read" {
  const chat = state.details.get(m.chatId);
  const others = chat?.members.filter(x => x.userId !== state.me?.id) ?? [];
  if (others.length === 0) return "sent";
  if (others.every(x => x.readUpTo >= m.sequence)) return "read";
  if (others.every(x => x.deliveredUpTo >= m.sequence || x.readUpTo >= m.sequence)) return "delivered";
  return "sent";
}

// Updates, live from the hub or caught up after a disconnect, applied in order from a cursor kept per user.
import { api } from "../api";
import { changed, state } from "../store";
import type { ChatUpdateView, UpdatePage } from "../types";
import { applyMember, loadChats, loadDetails, refreshChatsSoon } from "./chats";
import { upsertMessage } from "./history";
import { markReadIfVisible, queueReceipt } from "./receipts";
import { isStale, onSignOut, session } from "./session";
import { stopTyping } from "./typing";
import { refreshUser } from "./users";
import { notifyMessage } from "../notifications";
import { applySettings } from "./settings";

let cursor = 0;
let syncing: Promise<void> | null = null;
let syncAgain = false;

onSignOut(() => {
  cursor = 0;
  syncing = null;
  syncAgain = false;
});

const cursorKey = () => `openchat.cursor.${state.me?.id}`;
function saveCursor(value: number) {
  if (value <= cursor) return;
  cursor = value;
  localStorage.setItem(cursorKey(), String(cursor));
}

export function apply(u: ChatUpdateView, live: boolean) {
  switch (u.kind) {
    case "MessagePosted":
    case "MessageEdited":
    case "MessageDeleted":
    case "ReactionsChanged":
    case "PaymentChanged":
      if (u.message) {
        upsertMessage(u.message, live);
        if (u.kind === "MessagePosted" && u.message.senderId !== state.me?.id) {
          stopTyping(u.chatId, u.message.senderId);
          queueReceipt(u.chatId, u.message.sequence);
          markReadIfVisible(u.chatId);
          if (live) notifyMessage(u.message);
        }
      }
      break;
    case "SettingsChanged":
      if (u.settings) applySettings(u.chatId, u.settings);
      break;
    case "ReceiptsAdvanced":
      if (u.member) applyMember(u.chatId, u.member);
      break;
    case "ProfileChanged":
      if (u.member) refreshUser(u.member.userId);
      break;
    case "MemberLeft":
      if (u.member?.userId === state.me?.id) {
        state.chats.delete(u.chatId);
        state.details.delete(u.chatId);
      }
      refreshChatsSoon();
      if (state.details.has(u.chatId)) loadDetails(u.chatId).catch(() => {});
      break;
    default: {
      const known = state.details.get(u.chatId);
      if (u.chat) state.details.set(u.chatId, { ...known, ...u.chat });
      refreshChatsSoon();
      if (state.details.has(u.chatId)) loadDetails(u.chatId).catch(() => {});
    }
  }
  saveCursor(u.id);
  changed();
}

/** Everything after the cursor, page by page, until the server has nothing more. */
export function catchUp(): Promise<void> {
  if (syncing) {
    syncAgain = true;
    return syncing;
  }
  const started = session();
  let run: Promise<void> | undefined;
  run = (async () => {
    try {
      do {
        syncAgain = false;
        let page: UpdatePage;
        do {
          page = await api.get<UpdatePage>(`/api/sync?after=${cursor}&limit=500`);
          if (isStale(started)) return;
          for (const u of page.updates) apply(u, false);
          saveCursor(page.cursor);
        } while (page.hasMore);
      } while (syncAgain);
      // Unread counts and the order of the list may have moved on in ways updates do not spell out.
      await loadChats();
    } finally {
      if (syncing === run) syncing = null;
    }
  })();
  syncing = run;
  return run;
}

/** A fresh page needs no history of updates, only where they stand now. */
export async function findCursor(): Promise<void> {
  const started = session();
  let after = Number(localStorage.getItem(cursorKey()) ?? "0") || 0;
  for (;;) {
    const page = await api.get<UpdatePage>(`/api/sync?after=${after}&limit=1000`);
    if (isStale(started)) return;
    after = page.cursor;
    if (!page.hasMore) break;
  }
  cursor = after;
  localStorage.setItem(cursorKey(), String(cursor));
}

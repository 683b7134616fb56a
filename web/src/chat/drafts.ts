// Unsent text per chat, as WhatsApp and Telegram keep it: switching chats or reloading the page loses nothing. Kept in
// localStorage per user and chat (a few short strings: IndexedDB would buy nothing), cleared when the user signs out
// so the next person on this browser does not see them.
import { changed, state } from "../store";
import { onSignOut } from "./session";

const prefix = () => `openchat.draft.${state.me?.id}.`;

// Runs before the shared state is reset (chat.ts: resetChatState), so it still knows whose drafts they are.
onSignOut(() => {
  if (!state.me) return;
  const mine = prefix();
  for (const key of Object.keys(localStorage)) if (key.startsWith(mine)) localStorage.removeItem(key);
});

export function draftOf(chatId: string): string {
  return state.me ? localStorage.getItem(prefix() + chatId) ?? "" : "";
}

/** Saves (or, when blank, forgets) the chat's draft; the chat list shows it as "Draft: …". */
export function saveDraft(chatId: string, text: string) {
  if (!state.me) return;
  const before = draftOf(chatId);
  if (text.trim()) localStorage.setItem(prefix() + chatId, text);
  else localStorage.removeItem(prefix() + chatId);
  if (before !== text) changed();
}

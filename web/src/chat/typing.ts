// Who is typing in each chat (shown for 4 s after their last keystroke), and telling the others when this user types.
import { changed, state } from "../store";
import type { TypingView } from "../types";
import { connectedHub } from "./connection";
import { onSignOut } from "./session";

let lastTypingSent = 0;
onSignOut(() => { lastTypingSent = 0; });

export function stopTyping(chatId: string, userId: string) {
  state.typing.get(chatId)?.delete(userId);
}

export function onTyping(t: TypingView) {
  let chat = state.typing.get(t.chatId);
  if (!chat) state.typing.set(t.chatId, chat = new Map());
  const until = Date.now() + 4000;
  chat.set(t.userId, until);
  changed();
  window.setTimeout(() => {
    if (state.typing.get(t.chatId)?.get(t.userId) === until) {
      stopTyping(t.chatId, t.userId);
      changed();
    }
  }, 4100);
}

export function sendTyping(chatId: string) {
  const now = Date.now();
  const hub = connectedHub();
  if (now - lastTypingSent < 2000 || !hub) return;
  lastTypingSent = now;
  hub.invoke("Typing", chatId).catch(() => {});
}

export function typingIn(chatId: string): string[] {
  const now = Date.now();
  return [...(state.typing.get(chatId)?.entries() ?? [])].filter(([, until]) => until > now).map(([id]) => id);
}

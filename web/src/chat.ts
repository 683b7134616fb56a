// Chats and messages, one module per concern under chat/: the hub connection (hub, connection), catching up (sync),
// the chat list (chats), each chat's messages (history), sending and changing messages (sending), receipts,
// typing, people (users), media and search. Every module that keeps state clears it on sign-out (session.ts).
import { resetForSignOut } from "./store";
import { endSession } from "./chat/session";

export { chatTitle, findUsers, nameOf, otherMember, user } from "./chat/users";
export { createGroup, loadChats, loadDetails, openDirect } from "./chat/chats";
export { jumpTo, loadLatest, loadNewer, loadOlder } from "./chat/history";
export { setVisibleChat, tickOf } from "./chat/receipts";
export { catchUp } from "./chat/sync";
export { sendTyping, typingIn } from "./chat/typing";
export { startRealtime, stopRealtime } from "./chat/hub";
export { discard, edit, remove, retry, send, toggleReaction } from "./chat/sending";
export { uploadMedia } from "./chat/media";
export { search } from "./chat/search";

/**
 * Forgets everything the signed-in user saw: the shared state (chats, messages, pending sends, people, typing,
 * presence) and each chat module's own (cursor, timers, caches). Answers still in flight for that user are dropped.
 */
export function resetChatState() {
  endSession();
  resetForSignOut();
}

// One small observable state for the whole page; components re-render when it changes.
import { useEffect, useState } from "preact/hooks";
import type { ChatSummary, ChatView, MessageView, PresenceView, UserView } from "./types";
import type { SealedFile } from "./private/media";

export type ConnectionState = "connecting" | "online" | "reconnecting";

/** A window of a chat's history, oldest first; `hasNewer` when it is not at the latest message (after a jump). */
export interface Timeline {
  messages: MessageView[];
  hasOlder: boolean;
  hasNewer: boolean;
  loading: boolean;
  /** Bumped on a jump, so the view scrolls to `focus`. */
  focus: number | null;
  focusToken: number;
}

/** A message on its way: shown at once, retried with the same client id (the server stores it once). */
export interface Outgoing {
  clientMessageId: string;
  chatId: string;
  text: string;
  replyToId: string | null;
  mediaIds: string[];
  previews: string[];
  /** In a private chat: made once, so a retry sends the same MLS message. */
  ciphertext?: string;
  /** In a private chat: the encrypted uploads (their keys go inside the ciphertext). */
  sealed?: SealedFile[];
  status: "sending" | "failed";
  error?: string;
  at: string;
}

export interface State {
  me: UserView | null;
  booting: boolean;
  connection: ConnectionState;
  chats: Map<string, ChatSummary>;
  /** The signed-in user's read cursor per chat: unread = lastSequence − myRead. */
  myRead: Map<string, number>;
  details: Map<string, ChatView>;
  timelines: Map<string, Timeline>;
  outgoing: Outgoing[];
  users: Map<string, UserView>;
  typing: Map<string, Map<string, number>>;
  presence: Map<string, PresenceView>;
  toast: { text: string; kind: "error" | "info" } | null;
}

export const state: State = {
  me: null,
  booting: true,
  connection: "connecting",
  chats: new Map(),
  myRead: new Map(),
  details: new Map(),
  timelines: new Map(),
  outgoing: [],
  users: new Map(),
  typing: new Map(),
  presence: new Map(),
  toast: null,
};

const listeners = new Set<() => void>();
let scheduled = false;

/** Call after changing `state`: listeners run once per frame however many changes there were. */
export function changed() {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    for (const listener of listeners) listener();
  });
}

export function useAppState(): State {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion(v => v + 1);
    listeners.add(listener);
    return () => { listeners.delete(listener); };
  }, []);
  return state;
}

let toastTimer: number | undefined;
export function toast(text: string, kind: "error" | "info" = "error") {
  state.toast = { text, kind };
  changed();
  clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => { state.toast = null; changed(); }, 6000);
}

export function unreadOf(chat: ChatSummary): number {
  const read = state.myRead.get(chat.id);
  return read === undefined ? chat.unread : Math.max(0, chat.lastSequence - read);
}

/** Pinned chats first (the latest pinned on top), then the most recently active, as ListChats orders them. */
export function sortedChats(): ChatSummary[] {
  const at = (t: string | null | undefined) => (t ? Date.parse(t) : 0);
  return [...state.chats.values()].sort((a, b) =>
    at(b.pinnedAt) - at(a.pinnedAt) || (b.lastMessage?.createdAt ?? "").localeCompare(a.lastMessage?.createdAt ?? ""));
}

export function resetForSignOut() {
  state.me = null;
  state.connection = "connecting";
  state.users.clear();
  clearTimeout(toastTimer);
  state.toast = null;
  state.chats.clear();
  state.myRead.clear();
  state.details.clear();
  state.timelines.clear();
  state.outgoing = [];
  state.typing.clear();
  state.presence.clear();
  changed();
}

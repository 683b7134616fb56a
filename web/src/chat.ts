// Chats and messages: loading, sending, the realtime hub, and catching up after a disconnect.
import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { api, errorText } from "./api";
import { changed, state, toast, type Outgoing, type Timeline } from "./store";
import type {
  ChatSummary, ChatUpdateView, ChatView, MediaView, MemberView, MessageView, PresenceView, TypingView, UpdatePage, UserView,
} from "./types";

const PageSize = 50;
let hub: HubConnection | null = null;
let cursor = 0;
let syncing: Promise<void> | null = null;
let syncAgain = false;
let stopped = false;

const cursorKey = () => `openchat.cursor.${state.me?.id}`;
function saveCursor(value: number) {
  if (value <= cursor) return;
  cursor = value;
  localStorage.setItem(cursorKey(), String(cursor));
}

// ---------- users ----------

const userRequests = new Map<string, Promise<UserView | null>>();
export function user(id: string): UserView | undefined {
  const known = state.users.get(id);
  if (!known && !userRequests.has(id)) {
    userRequests.set(id, api.get<UserView>(`/api/users/${id}`).then(u => {
      state.users.set(u.id, u);
      changed();
      return u;
    }).catch(() => null));
  }
  return known;
}

export const nameOf = (id: string) => (id === state.me?.id ? "You" : user(id)?.displayName ?? "…");

export function chatTitle(chat: { id: string; kind: string; title: string | null; memberIds?: string[] }): string {
  if (chat.kind === "Group") return chat.title ?? "Group";
  const members = chat.memberIds ?? state.details.get(chat.id)?.members.map(m => m.userId) ?? [];
  const other = members.find(id => id !== state.me?.id);
  return other ? user(other)?.displayName ?? "…" : "Just you";
}

export function otherMember(chatId: string): string | undefined {
  const chat = state.chats.get(chatId);
  const members = chat?.memberIds ?? state.details.get(chatId)?.members.map(m => m.userId) ?? [];
  return chat?.kind === "Direct" ? members.find(id => id !== state.me?.id) : undefined;
}

// ---------- chats ----------

export async function loadChats() {
  const list = await api.get<ChatSummary[]>("/api/chats");
  state.chats = new Map(list.map(c => [c.id, c]));
  for (const c of list) state.myRead.set(c.id, c.lastSequence - c.unread);
  changed();
}

let chatsRefresh: number | undefined;
function refreshChatsSoon() {
  clearTimeout(chatsRefresh);
  chatsRefresh = window.setTimeout(() => loadChats().catch(() => {}), 300);
}

export async function loadDetails(chatId: string) {
  const chat = await api.get<ChatView>(`/api/chats/${chatId}`);
  state.details.set(chatId, chat);
  changed();
  return chat;
}

export async function openDirect(userId: string): Promise<ChatView> {
  const chat = await api.post<ChatView>("/api/chats/direct", { userId });
  state.details.set(chat.id, chat);
  await loadChats();
  return chat;
}

export async function createGroup(title: string, memberIds: string[]): Promise<ChatView> {
  const chat = await api.post<ChatView>("/api/chats/groups", { title, memberIds });
  state.details.set(chat.id, chat);
  await loadChats();
  return chat;
}

// ---------- history ----------

function timeline(chatId: string): Timeline {
  let t = state.timelines.get(chatId);
  if (!t) {
    t = { messages: [], hasOlder: true, hasNewer: false, loading: false, focus: null, focusToken: 0 };
    state.timelines.set(chatId, t);
  }
  return t;
}

const asc = (page: MessageView[]) => [...page].sort((a, b) => a.sequence - b.sequence);

export async function loadLatest(chatId: string) {
  const t = timeline(chatId);
  t.loading = true;
  changed();
  try {
    const page = asc(await api.get<MessageView[]>(`/api/chats/${chatId}/messages?limit=${PageSize}`));
    // Messages that arrived while the page was on its way (a send acknowledged, a push) are newer than the page:
    // the server read it before storing them, so replacing the timeline with the page alone would drop them.
    const newest = page[page.length - 1]?.sequence ?? 0;
    t.messages = [...page, ...t.messages.filter(m => m.sequence > newest)];
    t.hasOlder = page.length === PageSize && t.messages[0]?.sequence > 1;
    t.hasNewer = false;
  } finally {
    t.loading = false;
    changed();
  }
}

export async function loadOlder(chatId: string) {
  const t = timeline(chatId);
  if (t.loading || !t.hasOlder) return;
  const first = t.messages[0]?.sequence;
  if (first === undefined) return loadLatest(chatId);
  t.loading = true;
  changed();
  try {
    const page = await api.get<MessageView[]>(`/api/chats/${chatId}/messages?before=${first}&limit=${PageSize}`);
    t.messages = [...asc(page), ...t.messages.filter(m => m.sequence >= first)];
    t.hasOlder = page.length === PageSize && t.messages[0].sequence > 1;
  } finally {
    t.loading = false;
    changed();
  }
}

export async function loadNewer(chatId: string) {
  const t = timeline(chatId);
  if (t.loading || !t.hasNewer) return;
  const last = t.messages[t.messages.length - 1]?.sequence ?? 0;
  t.loading = true;
  changed();
  try {
    // The API pages backwards only: "before last + 51" is the 50 messages after the window.
    const page = await api.get<MessageView[]>(`/api/chats/${chatId}/messages?before=${last + PageSize + 1}&limit=${PageSize}`);
    t.messages = [...t.messages, ...asc(page).filter(m => m.sequence > last)];
    t.hasNewer = page.length === PageSize;
  } finally {
    t.loading = false;
    changed();
  }
}

/** Loads the history around one message (a search hit) and asks the view to scroll to it. */
export async function jumpTo(chatId: string, sequence: number) {
  const t = timeline(chatId);
  const have = t.messages.some(m => m.sequence === sequence);
  if (!have) {
    t.loading = true;
    changed();
    try {
      const half = PageSize / 2;
      const page = asc(await api.get<MessageView[]>(`/api/chats/${chatId}/messages?before=${sequence + half}&limit=${PageSize}`));
      t.messages = page;
      t.hasOlder = (page[0]?.sequence ?? 1) > 1;
      const last = state.chats.get(chatId)?.lastSequence ?? 0;
      t.hasNewer = (page[page.length - 1]?.sequence ?? 0) < last;
    } finally {
      t.loading = false;
    }
  }
  t.focus = sequence;
  t.focusToken++;
  changed();
}

function upsertMessage(m: MessageView, live: boolean) {
  const t = state.timelines.get(m.chatId);
  if (t) {
    const i = t.messages.findIndex(x => x.id === m.id);
    if (i >= 0) t.messages[i] = m;
    else if (!t.hasNewer && (live || m.sequence > (t.messages[t.messages.length - 1]?.sequence ?? 0))) {
      t.messages.push(m);
      t.messages.sort((a, b) => a.sequence - b.sequence);
    }
  }
  state.outgoing = state.outgoing.filter(o => o.clientMessageId !== m.clientMessageId);
  const chat = state.chats.get(m.chatId);
  if (chat) {
    if (m.sequence >= chat.lastSequence) {
      chat.lastSequence = m.sequence;
      chat.lastMessage = m;
    } else if (chat.lastMessage?.id === m.id) {
      chat.lastMessage = m;
    }
    // Writing a message means having read up to it: the server counts only receipts, so send one.
    if (m.senderId === state.me?.id && m.sequence > (state.myRead.get(m.chatId) ?? 0)) {
      state.myRead.set(m.chatId, m.sequence);
      queueReceipt(m.chatId, m.sequence, m.sequence);
    }
  } else {
    refreshChatsSoon();
  }
}

function applyMember(chatId: string, member: MemberView) {
  if (member.userId === state.me?.id) {
    state.myRead.set(chatId, Math.max(state.myRead.get(chatId) ?? 0, member.readUpTo));
  }
  const chat = state.details.get(chatId);
  if (!chat) return;
  const i = chat.members.findIndex(m => m.userId === member.userId);
  if (i >= 0) {
    const old = chat.members[i];
    chat.members[i] = { ...member, deliveredUpTo: Math.max(old.deliveredUpTo, member.deliveredUpTo), readUpTo: Math.max(old.readUpTo, member.readUpTo) };
  } else {
    chat.members.push(member);
  }
}

// ---------- receipts ----------

/** The chat on screen, and whether the reader is at its latest message: only then does it count as read. */
let visibleChat: { chatId: string; atBottom: boolean } | null = null;
export function setVisibleChat(chatId: string | null, atBottom = true) {
  visibleChat = chatId ? { chatId, atBottom } : null;
  if (chatId) markReadIfVisible(chatId);
}

const receiptTimers = new Map<string, number>();
const receiptWanted = new Map<string, { delivered?: number; read?: number }>();
function queueReceipt(chatId: string, delivered?: number, read?: number) {
  const wanted = receiptWanted.get(chatId) ?? {};
  if (delivered) wanted.delivered = Math.max(wanted.delivered ?? 0, delivered);
  if (read) wanted.read = Math.max(wanted.read ?? 0, read);
  receiptWanted.set(chatId, wanted);
  if (receiptTimers.has(chatId)) return;
  receiptTimers.set(chatId, window.setTimeout(async () => {
    receiptTimers.delete(chatId);
    const w = receiptWanted.get(chatId);
    receiptWanted.delete(chatId);
    if (!w) return;
    try {
      const member = await api.post<MemberView>(`/api/chats/${chatId}/receipts`, { deliveredUpTo: w.delivered ?? null, readUpTo: w.read ?? null });
      applyMember(chatId, member);
      changed();
    } catch {
      // Offline: the next catch-up or visit sends them again.
    }
  }, 150));
}

function markReadIfVisible(chatId: string) {
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

// ---------- updates (live or caught up) ----------

function apply(u: ChatUpdateView, live: boolean) {
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
        }
      }
      break;
    case "ReceiptsAdvanced":
      if (u.member) applyMember(u.chatId, u.member);
      break;
    case "MemberLeft":
      if (u.member?.userId === state.me?.id) {
        state.chats.delete(u.chatId);
        state.details.delete(u.chatId);
      }
      refreshChatsSoon();
      if (state.details.has(u.chatId)) loadDetails(u.chatId).catch(() => {});
      break;
    default:
      if (u.chat) state.details.set(u.chatId, { ...state.details.get(u.chatId), ...u.chat });
      refreshChatsSoon();
      if (state.details.has(u.chatId)) loadDetails(u.chatId).catch(() => {});
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
  syncing = (async () => {
    try {
      do {
        syncAgain = false;
        let page: UpdatePage;
        do {
          page = await api.get<UpdatePage>(`/api/sync?after=${cursor}&limit=500`);
          for (const u of page.updates) apply(u, false);
          saveCursor(page.cursor);
        } while (page.hasMore);
      } while (syncAgain);
      // Unread counts and the order of the list may have moved on in ways updates do not spell out.
      await loadChats();
    } finally {
      syncing = null;
    }
  })();
  return syncing;
}

/** A fresh page needs no history of updates, only where they stand now. */
async function findCursor(): Promise<void> {
  let after = Number(localStorage.getItem(cursorKey()) ?? "0") || 0;
  for (;;) {
    const page = await api.get<UpdatePage>(`/api/sync?after=${after}&limit=1000`);
    after = page.cursor;
    if (!page.hasMore) break;
  }
  cursor = after;
  localStorage.setItem(cursorKey(), String(cursor));
}

// ---------- typing and presence ----------

function stopTyping(chatId: string, userId: string) {
  state.typing.get(chatId)?.delete(userId);
}

function onTyping(t: TypingView) {
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

let lastTypingSent = 0;
export function sendTyping(chatId: string) {
  const now = Date.now();
  if (now - lastTypingSent < 2000 || hub?.state !== HubConnectionState.Connected) return;
  lastTypingSent = now;
  hub.invoke("Typing", chatId).catch(() => {});
}

export function typingIn(chatId: string): string[] {
  const now = Date.now();
  return [...(state.typing.get(chatId)?.entries() ?? [])].filter(([, until]) => until > now).map(([id]) => id);
}

// ---------- the hub ----------

export async function startRealtime() {
  stopped = false;
  await findCursor();
  hub = new HubConnectionBuilder()
    .withUrl("/hubs/chat")
    // Keep trying for as long as the page is open: a restarted server comes back at some point.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(500 * 2 ** ctx.previousRetryCount, 4000) })
    .configureLogging(LogLevel.None)
    .build();
  hub.on("Update", (u: ChatUpdateView) => apply(u, true));
  hub.on("Typing", onTyping);
  hub.on("Presence", (p: PresenceView) => { state.presence.set(p.userId, p); changed(); });
  // Another device added, renamed or removed a passkey: the wallet's device list reads them again.
  hub.on("DevicesChanged", () => window.dispatchEvent(new Event("openchat:devices-changed")));
  hub.onreconnecting(() => { state.connection = "reconnecting"; changed(); });
  hub.onreconnected(() => {
    state.connection = "online";
    changed();
    catchUp().catch(() => {});
  });
  hub.onclose(() => {
    if (stopped) return;
    state.connection = "reconnecting";
    changed();
    window.setTimeout(connect, 2000);
  });
  await connect();
}

async function connect() {
  if (!hub || stopped || hub.state !== HubConnectionState.Disconnected) return;
  try {
    await hub.start();
    state.connection = "online";
    changed();
    await catchUp();
  } catch {
    state.connection = "reconnecting";
    changed();
    window.setTimeout(connect, 2000);
  }
}

window.addEventListener("online", () => { connect(); });

export async function stopRealtime() {
  stopped = true;
  await hub?.stop();
  hub = null;
}

// ---------- sending ----------

export async function uploadMedia(file: File): Promise<MediaView> {
  return api.post<MediaView>("/api/media", file);
}

export function send(chatId: string, text: string, replyToId: string | null, mediaIds: string[] = [], previews: string[] = []) {
  const outgoing: Outgoing = {
    clientMessageId: crypto.randomUUID(), chatId, text, replyToId, mediaIds, previews, status: "sending", at: new Date().toISOString(),
  };
  state.outgoing.push(outgoing);
  changed();
  return deliver(outgoing);
}

export function retry(outgoing: Outgoing) {
  outgoing.status = "sending";
  outgoing.error = undefined;
  changed();
  return deliver(outgoing);
}

export function discard(outgoing: Outgoing) {
  state.outgoing = state.outgoing.filter(o => o !== outgoing);
  changed();
}

async function deliver(o: Outgoing) {
  try {
    const message = await postMessage(o);
    upsertMessage(message, true);
    changed();
  } catch (e) {
    o.status = "failed";
    o.error = errorText(e);
    changed();
  }
}

// Over the open connection when there is one (no HTTP round trip), else by REST. Any hub failure (a dropped
// connection, a refusal, no answer within a few seconds) falls back to REST: the same clientMessageId makes
// the retry safe, and REST's ProblemDetails carry the message the person should see. Offline, a WebSocket can
// look connected until its keep-alive times out, so the hub is not tried then.
const HubSendTimeoutMs = 4000;

async function postMessage(o: Outgoing): Promise<MessageView> {
  const body = { clientMessageId: o.clientMessageId, text: o.text || null, mediaIds: o.mediaIds, replyToId: o.replyToId };
  if (hub?.state === HubConnectionState.Connected && navigator.onLine) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        hub.invoke<MessageView>("Send", o.chatId, body),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error("hub send timed out")), HubSendTimeoutMs); }),
      ]);
    } catch {
      // fall through to REST
    } finally {
      clearTimeout(timer);
    }
  }
  return api.post<MessageView>(`/api/chats/${o.chatId}/messages`, body);
}

export async function edit(m: MessageView, text: string) {
  try {
    upsertMessage(await api.patch<MessageView>(`/api/chats/${m.chatId}/messages/${m.id}`, { text }), false);
    changed();
  } catch (e) {
    toast(errorText(e));
  }
}

export async function remove(m: MessageView) {
  try {
    upsertMessage(await api.del<MessageView>(`/api/chats/${m.chatId}/messages/${m.id}`), false);
    changed();
  } catch (e) {
    toast(errorText(e));
  }
}

export async function toggleReaction(m: MessageView, emoji: string) {
  const mine = m.reactions.find(r => r.emoji === emoji)?.userIds.includes(state.me?.id ?? "");
  const path = `/api/chats/${m.chatId}/messages/${m.id}/reactions/${encodeURIComponent(emoji)}`;
  try {
    upsertMessage(await (mine ? api.del<MessageView>(path) : api.put<MessageView>(path)), false);
    changed();
  } catch (e) {
    toast(errorText(e));
  }
}

export async function search(q: string): Promise<MessageView[]> {
  return api.get<MessageView[]>(`/api/search?q=${encodeURIComponent(q)}&limit=50`);
}

export async function findUsers(q: string): Promise<UserView[]> {
  const users = await api.get<UserView[]>(`/api/users?query=${encodeURIComponent(q)}`);
  for (const u of users) state.users.set(u.id, u);
  return users.filter(u => u.id !== state.me?.id);
}

/** sent → delivered → read, from the other members' cursors (a group needs all of them). */
export function tickOf(m: MessageView): "sent" | "delivered" | "read" {
  const chat = state.details.get(m.chatId);
  const others = chat?.members.filter(x => x.userId !== state.me?.id) ?? [];
  if (others.length === 0) return "sent";
  if (others.every(x => x.readUpTo >= m.sequence)) return "read";
  if (others.every(x => x.deliveredUpTo >= m.sequence || x.readUpTo >= m.sequence)) return "delivered";
  return "sent";
}

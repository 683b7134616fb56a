// Each chat's window of messages: the latest page, older and newer pages, a jump to a search hit, and merging a
// message that arrives (sent, pushed or caught up) into the window and the chat list.
import { api } from "../api";
import { changed, state, type Timeline } from "../store";
import type { MessageView } from "../types";
import { reveal, revealPage } from "../private/reveal";
import { refreshChatsSoon } from "./chats";
import { queueReceipt } from "./receipts";
import { isStale, session } from "./session";

const PageSize = 50;

function timeline(chatId: string): Timeline {
  let t = state.timelines.get(chatId);
  if (!t) {
    t = { messages: [], hasOlder: true, hasNewer: false, loading: false, focus: null, focusToken: 0 };
    state.timelines.set(chatId, t);
  }
  return t;
}

const asc = (page: MessageView[]) => [...page].sort((a, b) => a.sequence - b.sequence);

/** Fetches one page for the timeline; null when the user signed out meanwhile (the page is someone else's now). */
async function page(chatId: string, query: string): Promise<MessageView[] | null> {
  const started = session();
  const messages = await api.get<MessageView[]>(`/api/chats/${chatId}/messages?${query}`);
  return isStale(started) ? null : revealPage(messages);
}

export async function loadLatest(chatId: string) {
  const t = timeline(chatId);
  t.loading = true;
  changed();
  try {
    const answer = await page(chatId, `limit=${PageSize}`);
    if (!answer) return;
    const latest = asc(answer);
    // Messages that arrived while the page was on its way (a send acknowledged, a push) are newer than the page:
    // the server read it before storing them, so replacing the timeline with the page alone would drop them.
    const newest = latest[latest.length - 1]?.sequence ?? 0;
    t.messages = [...latest, ...t.messages.filter(m => m.sequence > newest)];
    t.hasOlder = latest.length === PageSize && t.messages[0]?.sequence > 1;
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
    const older = await page(chatId, `before=${first}&limit=${PageSize}`);
    if (!older) return;
    t.messages = [...asc(older), ...t.messages.filter(m => m.sequence >= first)];
    t.hasOlder = older.length === PageSize && t.messages[0].sequence > 1;
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
    const newer = await page(chatId, `before=${last + PageSize + 1}&limit=${PageSize}`);
    if (!newer) return;
    t.messages = [...t.messages, ...asc(newer).filter(m => m.sequence > last)];
    t.hasNewer = newer.length === PageSize;
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
      const around = await page(chatId, `before=${sequence + half}&limit=${PageSize}`);
      if (!around) return;
      const sorted = asc(around);
      t.messages = sorted;
      t.hasOlder = (sorted[0]?.sequence ?? 1) > 1;
      const last = state.chats.get(chatId)?.lastSequence ?? 0;
      t.hasNewer = (sorted[sorted.length - 1]?.sequence ?? 0) < last;
    } finally {
      t.loading = false;
    }
  }
  t.focus = sequence;
  t.focusToken++;
  changed();
}

export function upsertMessage(m: MessageView, live: boolean) {
  m = reveal(m);
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

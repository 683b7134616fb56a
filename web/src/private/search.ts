// Search on the device for private chats (issue 18): the messages this device has read, kept in its IndexedDB and
// matched here; the service's search never sees them and answers for the other chats.
import { state } from "../store";
import type { MessageView } from "../types";
import { entries, remove, write } from "./store";

const indexed = new Map<string, string>(); // message id → the text indexed, so a message is written once per version

export function index(m: MessageView) {
  const me = state.me?.id;
  if (!me || m.text === null || indexed.get(m.id) === m.text) return;
  indexed.set(m.id, m.text);
  write(me, "index", m.id, m).catch(() => indexed.delete(m.id));
}

export function forget(m: MessageView) {
  const me = state.me?.id;
  if (!me || !indexed.has(m.id) && m.deleted === false) return;
  indexed.delete(m.id);
  remove(me, "index", m.id).catch(() => {});
}

// Case and accents do not matter, as in the service's own search (FTS5 unicode61 remove_diacritics).
const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/** The private messages whose text holds every word of the query (a word may be the start of a longer one). */
export async function searchOnDevice(q: string, limit = 50): Promise<MessageView[]> {
  const me = state.me?.id;
  const terms = fold(q).split(/\s+/).filter(Boolean);
  if (!me || terms.length === 0) return [];
  const all = await entries<MessageView>(me, "index");
  return all.map(([, m]) => m)
    .filter(m => !m.deleted && state.chats.has(m.chatId) && terms.every(t => fold(m.text ?? "").split(/[^\p{L}\p{N}]+/u).some(w => w.startsWith(t))))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, limit);
}

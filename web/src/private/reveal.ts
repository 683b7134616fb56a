// Private chats on screen: an Encrypted message is shown as the text this device decrypted, a Handshake as a notice.
// Messages reach the page through history pages, pushes and the chat list; each passes through reveal(), which
// answers at once from memory and decrypts what it has not seen in the background, in the chat's order.
import { changed, state } from "../store";
import type { MessageView } from "../types";
import { nameOf } from "../chat/users";
import { openEnvelope } from "./media";
import { decryptOrWait, handshake, isRemoved, Joined, NoGroupYet, Updated, type KeyChange } from "./mls";
import { forget, index } from "./search";

export const Decrypting = "🔒 Decrypting…";
export const Unreadable = "🔒 Sent before this device joined";
export const JoinedNotice = "🔒 This device joined the private chat here: it reads the messages that follow";
export const UpdatedNotice = "🔒 The chat's encryption keys were updated";
export const RemovedDevice = "🔒 Sent after this device was removed";
export const EncryptedNotice = "🔒 Messages in this chat are end-to-end encrypted: only its members' devices can read them";

// ciphertext → plaintext on this device (null: it cannot be read here); filled from IndexedDB as messages show up.
const plaintexts = new Map<string, string | null>();
const waiting = new Set<string>();
// Ciphertexts this device cannot read because it was removed from the chat's group before they were sent.
const afterRemoval = new Set<string>();
// Messages from an epoch this device has not reached: opened again once a Handshake of their chat was processed.
const later = new Map<string, MessageView>();
// Messages this device could not read because it had no group for their chat yet: shown as unreadable, and opened
// again once it joins from a Welcome. A member may send on the epoch that admits this device before its Welcome is in
// the log (see mls.ts NoGroupYet); those become readable, the ones from epochs before it stay unreadable.
const beforeWelcome = new Map<string, MessageView>();
// Per chat, how many times this device joined its group: a decrypt that was on its way during a join tells by it
// that its "no group yet" may be stale, and that the join may have passed it by (see open).
const joins = new Map<string, number>();

/** A commit that changed a member's devices, as the chat's notice: the safety number with them changed too. */
export function keyChangeNotice(json: string): string {
  const changes = JSON.parse(json) as KeyChange[];
  return changes.map(c => {
    const name = nameOf(c.userId);
    const what = c.added > 0 && c.removed > 0 ? "devices changed" : c.added > 0 ? "new device" : "device removed";
    return `${name === "You" ? "Your" : `${name}’s`} keys changed (${what}). Verify the safety number.`;
  }).join(" ");
}

export function remember(ciphertext: string, text: string) { plaintexts.set(ciphertext, text); }

export function reveal(m: MessageView): MessageView {
  if (m.kind === "Handshake") {
    const notice = m.payload ? plaintexts.get(m.payload) : undefined;
    if (m.payload && notice === undefined) open(m);
    const text = notice === Joined ? JoinedNotice : notice === Updated ? UpdatedNotice : notice ? keyChangeNotice(notice) : EncryptedNotice;
    return { ...m, kind: "System", text };
  }
  if (m.kind !== "Encrypted" || m.deleted || !m.payload) {
    if (m.kind === "Encrypted" && m.deleted) forget(m);
    return m.kind === "Encrypted" ? { ...m, kind: "Text" } : m;
  }
  const known = plaintexts.get(m.payload);
  if (known === undefined && !later.has(m.payload)) open(m);
  // A photo's message is an envelope: its caption is shown, its files' keys are remembered for the bubble to open them.
  const text = typeof known === "string" ? openEnvelope(known) || null
    : known === null ? (afterRemoval.has(m.payload) ? RemovedDevice : Unreadable) : Decrypting;
  const shown = { ...m, kind: "Text" as const, text };
  if (typeof known === "string") index(shown);
  return shown;
}

/** A page arrives newest first; its Welcome must be opened before the messages after it. */
export const revealPage = (page: MessageView[]) => {
  for (const m of [...page].sort((a, b) => a.sequence - b.sequence)) reveal(m);
  return page.map(reveal);
};

function open(m: MessageView) {
  const me = state.me?.id;
  const ciphertext = m.payload!;
  if (!me || waiting.has(ciphertext)) return;
  waiting.add(ciphertext);
  const joinsBefore = joins.get(m.chatId) ?? 0;
  let noGroupYet = false;
  const done = m.kind === "Handshake"
    ? handshake(me, m.chatId, ciphertext).then(notice => {
      plaintexts.set(ciphertext, notice ?? "");
      // Joined or "" (at the chat's start) when a Welcome for this device made its group. A device without the group
      // gets null or Updated from any other Handshake, and one that had it has no message waiting for a Welcome.
      if (notice === Joined || notice === "") joined(m.chatId);
      for (const [waitingFor, message] of later) if (message.chatId === m.chatId) { later.delete(waitingFor); open(message); }
    })
    : decryptOrWait(me, m.chatId, ciphertext).then(async text => {
      if (text === undefined) { later.set(ciphertext, m); return; }
      if (text === NoGroupYet) {
        noGroupYet = true;
        beforeWelcome.set(ciphertext, m);
        plaintexts.set(ciphertext, null);
        return;
      }
      if (text === null && await isRemoved(me, m.chatId)) afterRemoval.add(ciphertext);
      plaintexts.set(ciphertext, text);
    });
  done.catch(() => plaintexts.set(ciphertext, m.kind === "Handshake" ? "" : null)).finally(() => {
    waiting.delete(ciphertext);
    // Joined while this decrypt was on its way: the join skipped it (still waiting), and its answer may predate it.
    if (noGroupYet && (joins.get(m.chatId) ?? 0) !== joinsBefore) {
      beforeWelcome.delete(ciphertext);
      open(m);
      return;
    }
    refresh(m);
  });
}

/** This device joined the chat's group: the messages it had no group for are opened again (they stay shown meanwhile). */
function joined(chatId: string) {
  joins.set(chatId, (joins.get(chatId) ?? 0) + 1);
  for (const [ciphertext, message] of beforeWelcome)
    if (message.chatId === chatId && !waiting.has(ciphertext)) { beforeWelcome.delete(ciphertext); open(message); }
}

/** Puts the decrypted text in place of the placeholder wherever the message is shown. */
function refresh(original: MessageView) {
  const shown = reveal(original);
  const t = state.timelines.get(original.chatId);
  const i = t?.messages.findIndex(x => x.id === original.id && x.payload === original.payload) ?? -1;
  if (t && i >= 0) t.messages[i] = shown;
  const chat = state.chats.get(original.chatId);
  if (chat?.lastMessage?.id === original.id && chat.lastMessage.payload === original.payload) chat.lastMessage = shown;
  changed();
}

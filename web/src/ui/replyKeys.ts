// Replying and editing from the keyboard, as Telegram Desktop does: in the composer, Ctrl+↑ (⌘+↑ on a Mac) picks the
// latest message to reply to and walks up through older ones, Ctrl+↓ walks back down (past the newest it lets go),
// ↑ in an empty composer edits your own latest message, Escape cancels either.
import { state } from "../store";
import type { MessageView } from "../types";

const repliable = (m: MessageView) => !m.deleted && m.kind !== "System";

/** The next message to reply to, going up (older) or down (newer) from the current one; null past the newest. */
export function stepReply(messages: MessageView[], current: MessageView | null, direction: "up" | "down"): MessageView | null {
  const candidates = messages.filter(repliable);
  if (candidates.length === 0) return current;
  const i = current ? candidates.findIndex(m => m.id === current.id) : candidates.length;
  if (direction === "up") return candidates[Math.max(0, i - 1)] ?? current;
  return i < 0 || i + 1 >= candidates.length ? null : candidates[i + 1];
}

/** Your latest message that can still be edited (text you sent), if it is loaded. */
export function lastEditable(messages: MessageView[]): MessageView | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.senderId === state.me?.id && m.kind === "Text" && !m.deleted && m.text !== null) return m;
  }
  return null;
}

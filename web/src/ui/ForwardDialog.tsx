import { useState } from "preact/hooks";
import { api, errorText } from "../api";
import { chatTitle, loadChats, otherMember } from "../chat";
import { sortedChats, toast } from "../store";
import type { MessageView } from "../types";
import { ErrorNote, Icon, Modal, UserAvatar } from "./common";

/** Payments, tips, envelopes and proposals are not forwarded as money: the server refuses them (only text and media). */
export const forwardable = (m: MessageView) => m.kind === "Text" && !m.deleted;

/**
 * Forward a message to one of your other chats: the copy keeps its text and photos and is marked "Forwarded".
 * A new client id per target, so a retry after a lost answer is stored once (POST …/forward is idempotent by it).
 */
export function ForwardDialog({ m, onClose }: { m: MessageView; onClose: () => void }) {
  const [query, setQuery] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [ids] = useState(() => new Map<string, string>());
  const chats = sortedChats().filter(c => chatTitle(c).toLowerCase().includes(query.trim().toLowerCase()));

  async function forward(toChatId: string) {
    setBusy(toChatId);
    setError(null);
    if (!ids.has(toChatId)) ids.set(toChatId, crypto.randomUUID());
    try {
      await api.post(`/api/chats/${m.chatId}/messages/${m.id}/forward`, { toChatId, clientMessageId: ids.get(toChatId) });
      await loadChats();
      toast(`Forwarded to ${chatTitle(sortedChats().find(c => c.id === toChatId) ?? { id: toChatId, kind: "Group", title: null })}`, "info");
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Modal title="Forward to…" onClose={onClose} labelId="forward-title">
      <label class="field">
        <span>Search chats</span>
        <input type="search" name="forward-search" value={query} onInput={e => setQuery(e.currentTarget.value)} placeholder="Chat or person" />
      </label>
      <ul class="people" aria-label="Chats to forward to">
        {chats.map(c => {
          const other = otherMember(c.id);
          return (
            <li key={c.id}>
              <button class="person" data-forward-to={c.id} disabled={busy !== null} onClick={() => forward(c.id)}>
                {other ? <UserAvatar id={other} size={36} />
                  : <span class="avatar group" style={{ width: "36px", height: "36px" }} aria-hidden="true"><Icon name="users" size={18} /></span>}
                <span class="person-text"><strong>{chatTitle(c)}</strong>{c.id === m.chatId && <span class="muted small">This chat</span>}</span>
                <span class="check" aria-hidden="true">{busy === c.id ? "…" : <Icon name="send" size={16} />}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {chats.length === 0 && <p class="muted">No chat matches.</p>}
      <ErrorNote text={error} />
    </Modal>
  );
}

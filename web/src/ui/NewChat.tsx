import { useEffect, useState } from "preact/hooks";
import { errorText } from "../api";
import { createGroup, findUsers, openDirect } from "../chat";
import { navigate } from "../router";
import type { UserView } from "../types";
import { Avatar, ErrorNote, Icon, Modal } from "./common";

export function NewChat({ onClose }: { onClose: () => void }) {
  const [kind, setKind] = useState<"direct" | "group">("direct");
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<UserView[]>([]);
  const [picked, setPicked] = useState<UserView[]>([]);
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState(false);

  useEffect(() => {
    const q = query.trim();
    if (q.length < 1) { setFound([]); return; }
    const timer = setTimeout(() => findUsers(q).then(setFound).catch(e => setError(errorText(e))), 200);
    return () => clearTimeout(timer);
  }, [query]);

  async function start(u: UserView) {
    setBusy(true);
    try {
      const chat = await openDirect(u.id, secret);
      onClose();
      navigate(`/chats/${chat.id}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function group() {
    setBusy(true);
    try {
      const chat = await createGroup(title.trim(), picked.map(p => p.id), secret);
      onClose();
      navigate(`/chats/${chat.id}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const toggle = (u: UserView) => setPicked(p => p.some(x => x.id === u.id) ? p.filter(x => x.id !== u.id) : [...p, u]);

  return (
    <Modal title="New chat" onClose={onClose} labelId="new-chat-title">
      <div class="segmented" role="tablist">
        <button role="tab" aria-selected={kind === "direct"} class={kind === "direct" ? "on" : ""} onClick={() => setKind("direct")}>Direct message</button>
        <button role="tab" aria-selected={kind === "group"} class={kind === "group" ? "on" : ""} onClick={() => setKind("group")}>New group</button>
      </div>
      <label class="check-field">
        <input type="checkbox" name="private" checked={secret} onChange={e => setSecret(e.currentTarget.checked)} />
        <span>🔒 Private chat: end-to-end encrypted on your devices (search happens on this device; payments stay visible to the service)</span>
      </label>
      {kind === "group" && (
        <label class="field">
          <span>Group name</span>
          <input name="title" value={title} onInput={e => setTitle(e.currentTarget.value)} maxLength={100} placeholder="e.g. Weekend hikers" />
        </label>
      )}
      <label class="field">
        <span>{kind === "direct" ? "Who do you want to talk to?" : "Add people"}</span>
        <input type="search" name="people" value={query} onInput={e => setQuery(e.currentTarget.value)} placeholder="Search by username or name" autoFocus />
      </label>
      {kind === "group" && picked.length > 0 && (
        <div class="chips">
          {picked.map(p => <button key={p.id} class="chip" onClick={() => toggle(p)} aria-label={`Remove ${p.displayName}`}>{p.displayName} <Icon name="close" size={14} /></button>)}
        </div>
      )}
      <ul class="people">
        {found.map(u => (
          <li key={u.id}>
            <button class={`person ${picked.some(p => p.id === u.id) ? "picked" : ""}`} disabled={busy} data-handle={u.handle}
              onClick={() => kind === "direct" ? start(u) : toggle(u)}>
              <Avatar name={u.displayName} seed={u.id} size={36} />
              <span class="person-text"><strong>{u.displayName}</strong><span class="muted small">@{u.handle}</span></span>
              {kind === "group" && <span class="check" aria-hidden="true">{picked.some(p => p.id === u.id) ? "✓" : ""}</span>}
            </button>
          </li>
        ))}
        {query.trim() && found.length === 0 && <li class="muted small pad">Nobody found by that name yet.</li>}
      </ul>
      <ErrorNote text={error} />
      {kind === "group" && (
        <div class="modal-actions">
          <button class="button" onClick={onClose}>Cancel</button>
          <button class="button primary" disabled={busy || !title.trim()} onClick={group}>Create group</button>
        </div>
      )}
    </Modal>
  );
}

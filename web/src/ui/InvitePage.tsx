import { useState } from "preact/hooks";
import { api, errorText } from "../api";
import { loadChats } from "../chat";
import { navigate } from "../router";
import { changed, state } from "../store";
import type { ChatView } from "../types";
import { ErrorNote, Icon } from "./common";

/**
 * Opening a group's invite link (/invite/<code>), signed in (the sign-in screen comes first otherwise, on the same
 * address): one tap joins, as on WhatsApp, and the group opens; a revoked or unknown link says so.
 */
export function InvitePage({ code }: { code: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function join() {
    setBusy(true);
    setError(null);
    try {
      const chat = await api.post<ChatView>(`/api/invites/${encodeURIComponent(code)}/join`);
      state.details.set(chat.id, chat);
      changed();
      await loadChats();
      navigate(`/chats/${chat.id}`, true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="invite-page">
      <div class="empty-art"><Icon name="users" size={40} /></div>
      <h2>You're invited to a group</h2>
      <p class="muted">Join to see its new messages and write to its members.</p>
      <ErrorNote text={error} />
      <div class="modal-actions" style={{ justifyContent: "center" }}>
        <button class="button" onClick={() => navigate("/chats", true)}>Not now</button>
        <button class="button primary" onClick={join} disabled={busy}>{busy ? "Joining…" : "Join group"}</button>
      </div>
    </div>
  );
}

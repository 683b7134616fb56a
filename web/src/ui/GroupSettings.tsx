import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import { loadChats, loadDetails, nameOf } from "../chat";
import { navigate } from "../router";
import { changed, state, toast } from "../store";
import type { ChatView, MemberView } from "../types";
import { ErrorNote, Icon, Modal } from "./common";

const rank = { Member: 0, Admin: 1, Owner: 2 } as Record<string, number>;
/** The same limit as the server's RenameGroupValidator. */
const MaxTitle = 100;

export const inviteUrl = (code: string) => `${location.origin}/invite/${code}`;

/**
 * A group's settings under its member list: owners and admins rename it and manage its invite link; anyone but the
 * owner leaves it (the owner hands ownership over first, as the server requires).
 */
export function GroupSettings({ chat, myRole, onClose }: { chat: ChatView; myRole: string | undefined; onClose: () => void }) {
  const canManage = myRole === "Owner" || myRole === "Admin";
  const [title, setTitle] = useState(chat.title ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [leaving, setLeaving] = useState(false);
  useEffect(() => setTitle(chat.title ?? ""), [chat.title]);
  const trimmed = title.trim();
  const titleProblem = !trimmed ? "A group needs a name." : trimmed.length > MaxTitle ? `At most ${MaxTitle} characters.` : null;

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const rename = (e: Event) => {
    e.preventDefault();
    if (titleProblem || trimmed === chat.title) return;
    return run(async () => {
      state.details.set(chat.id, await api.put<ChatView>(`/api/chats/${chat.id}/title`, { title: trimmed }));
      changed();
      await loadChats();
    });
  };
  const newLink = () => run(async () => { await api.post(`/api/chats/${chat.id}/invite-link`); await loadDetails(chat.id); });
  const revoke = () => run(async () => { await api.del(`/api/chats/${chat.id}/invite-link`); await loadDetails(chat.id); toast("Invite link revoked", "info"); });
  const copy = (code: string) => navigator.clipboard?.writeText(inviteUrl(code)).then(() => toast("Link copied", "info"), () => {});
  const leave = () => run(async () => {
    await api.post(`/api/chats/${chat.id}/leave`);
    state.chats.delete(chat.id);
    state.details.delete(chat.id);
    changed();
    onClose();
    navigate("/chats");
  });

  return (
    <div class="group-settings">
      {canManage && (
        <form onSubmit={rename} aria-label="Rename group">
          <label class="field">
            <span>Group name</span>
            <input name="group-title" value={title} onInput={e => setTitle(e.currentTarget.value)} aria-invalid={!!titleProblem} />
            {titleProblem && <small>{titleProblem}</small>}
          </label>
          <button type="submit" class="button" disabled={busy || !!titleProblem || trimmed === chat.title}>Rename</button>
        </form>
      )}
      {canManage && (
        <section aria-label="Invite link">
          <h3 class="subhead" style={{ marginTop: "14px" }}>Invite link</h3>
          {chat.inviteCode ? (
            <>
              <div class="invite-link">
                <code data-testid="invite-link">{inviteUrl(chat.inviteCode)}</code>
                <button type="button" class="icon-button small" onClick={() => copy(chat.inviteCode!)} aria-label="Copy invite link"><Icon name="copy" size={16} /></button>
              </div>
              <p class="muted small">Anyone with this link can join. Revoke it to stop that.</p>
              <div class="modal-actions" style={{ justifyContent: "flex-start", marginTop: "6px" }}>
                <button type="button" class="button small" onClick={newLink} disabled={busy}>New link</button>
                <button type="button" class="button small danger-outline" onClick={revoke} disabled={busy}>Revoke link</button>
              </div>
            </>
          ) : (
            <button type="button" class="button small" onClick={newLink} disabled={busy}>Create invite link</button>
          )}
        </section>
      )}
      <ErrorNote text={error} />
      {myRole !== "Owner" && (
        <div class="modal-actions"><button class="button danger-outline" onClick={() => setLeaving(true)}>Leave group</button></div>
      )}
      {leaving && (
        <Modal title="Leave this group?" labelId="leave-title" onClose={() => setLeaving(false)}>
          <p>You won't get its new messages. The others will see that you left.</p>
          <div class="modal-actions">
            <button type="button" class="button" onClick={() => setLeaving(false)}>Cancel</button>
            <button type="button" class="button danger" onClick={() => { setLeaving(false); leave(); }}>Leave</button>
          </div>
        </Modal>
      )}
    </div>
  );
}

/** Owners remove anyone else, admins remove members; a confirmation first, then everyone sees "… removed …". */
export function RemoveMember({ chatId, member, myRole }: { chatId: string; member: MemberView; myRole: string | undefined }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canManage = myRole === "Owner" || myRole === "Admin";
  if (!canManage || member.userId === state.me?.id || rank[member.role] >= rank[myRole!]) return null;
  const name = nameOf(member.userId);

  async function remove() {
    try {
      await api.del(`/api/chats/${chatId}/members/${member.userId}`);
      setAsking(false);
      await loadDetails(chatId);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <>
      <button type="button" class="button small danger-outline remove-member" onClick={() => setAsking(true)} aria-label={`Remove ${name}`}>Remove</button>
      {asking && (
        <Modal title={`Remove ${name}?`} labelId="remove-title" onClose={() => setAsking(false)}>
          <p>{name} won't get the group's new messages. Everyone will see that you removed them.</p>
          <ErrorNote text={error} />
          <div class="modal-actions">
            <button type="button" class="button" onClick={() => setAsking(false)}>Cancel</button>
            <button type="button" class="button danger" onClick={remove}>Remove</button>
          </div>
        </Modal>
      )}
    </>
  );
}

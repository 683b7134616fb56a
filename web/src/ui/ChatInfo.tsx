import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import { findUsers, loadChats, loadDetails, nameOf, user } from "../chat";
import { state, useAppState } from "../store";
import type { ChatView, UserView } from "../types";
import { CircleRule } from "./Circles";
import { GroupSettings, RemoveMember } from "./GroupSettings";
import { Avatar, ErrorNote, Modal, UserAvatar } from "./common";

/** A group's members and roles; owners and admins add and remove people; its settings (GroupSettings) below. */
export function ChatInfo({ chatId, onClose }: { chatId: string; onClose: () => void }) {
  const s = useAppState();
  const chat = s.details.get(chatId);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<UserView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const myRole = chat?.members.find(m => m.userId === state.me?.id)?.role;
  const canInvite = myRole === "Owner" || myRole === "Admin";

  useEffect(() => {
    const q = query.trim();
    if (!q) { setFound([]); return; }
    const timer = setTimeout(() => findUsers(q).then(setFound).catch(e => setError(errorText(e))), 200);
    return () => clearTimeout(timer);
  }, [query]);

  async function add(u: UserView) {
    setError(null);
    try {
      state.details.set(chatId, await api.post<ChatView>(`/api/chats/${chatId}/members`, { userIds: [u.id] }));
      setQuery("");
      await loadChats();
    } catch (e) {
      setError(errorText(e));
    }
  }

  useEffect(() => { loadDetails(chatId).catch(e => setError(errorText(e))); }, [chatId]);

  return (
    <Modal title={chat?.title ?? "Group"} onClose={onClose} labelId="chat-info-title">
      <CircleRule chatId={chatId} isOwner={myRole === "Owner"} />
      <h3 class="subhead">{chat?.members.length ?? 0} members</h3>
      <ul class="people">
        {chat?.members.map(m => (
          <li key={m.userId} class="person" data-member={m.userId}>
            <UserAvatar id={m.userId} size={36} />
            <span class="person-text"><strong>{nameOf(m.userId)}</strong><span class="muted small">@{user(m.userId)?.handle ?? "…"}</span></span>
            {m.role !== "Member" && <span class="role">{m.role === "Owner" ? "Owner" : "Admin"}</span>}
            <RemoveMember chatId={chatId} member={m} myRole={myRole} />
          </li>
        ))}
      </ul>
      {canInvite && (
        <>
          <label class="field">
            <span>Add people</span>
            <input type="search" name="add-people" value={query} onInput={e => setQuery(e.currentTarget.value)} placeholder="Search by username or name" />
          </label>
          <ul class="people">
            {found.filter(u => !chat?.members.some(m => m.userId === u.id)).map(u => (
              <li key={u.id}>
                <button class="person" data-handle={u.handle} onClick={() => add(u)}>
                  <Avatar name={u.displayName} seed={u.id} size={36} />
                  <span class="person-text"><strong>{u.displayName}</strong><span class="muted small">@{u.handle}</span></span>
                  <span class="check" aria-hidden="true">+</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <ErrorNote text={error} />
      {chat && <GroupSettings chat={chat} myRole={myRole} onClose={onClose} />}
    </Modal>
  );
}

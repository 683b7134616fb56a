import { useState } from "preact/hooks";
import { errorText } from "../api";
import { chatTitle, nameOf, otherMember, typingIn, user } from "../chat";
import { draftOf } from "../chat/drafts";
import { changeSettings, isArchived, MaxPinned } from "../chat/settings";
import { navigate } from "../router";
import { sortedChats, state, toast, unreadOf } from "../store";
import type { ChatSummary } from "../types";
import { Icon, UserAvatar, shortTime } from "./common";
import { noticePreview } from "./notices";

/**
 * The chat list as WhatsApp shows it: pinned chats on top, archived chats behind an "Archived" row (they come back
 * when a new message arrives unless muted), a muted icon, "Draft: …" for unsent text, and a menu per chat.
 */
export function ChatList({ openChat }: { openChat?: string }) {
  const [archivedOpen, setArchivedOpen] = useState(false);
  const all = sortedChats();
  const archived = all.filter(isArchived);
  const shown = archivedOpen ? archived : all.filter(c => !isArchived(c));
  if (all.length === 0) {
    return <p class="empty-list muted">No chats yet. Start one with <strong>New</strong>.</p>;
  }
  return (
    <ul class="chat-list" aria-label={archivedOpen ? "Archived chats" : "Your chats"}>
      {archivedOpen ? (
        <li>
          <button class="archived-row" onClick={() => setArchivedOpen(false)} aria-label="Close archived chats">
            <Icon name="back" size={18} /> <strong>Archived</strong>
          </button>
        </li>
      ) : archived.length > 0 && (
        <li>
          <button class="archived-row" onClick={() => setArchivedOpen(true)} data-testid="archived-row">
            <Icon name="archive" size={18} /> <span>Archived</span>
            <span class="archived-count">{archived.length}</span>
          </button>
        </li>
      )}
      {archivedOpen && archived.length === 0 && <li class="empty-list muted">No archived chats.</li>}
      {shown.map(chat => <ChatListItem key={chat.id} chat={chat} open={chat.id === openChat} />)}
    </ul>
  );
}

function ChatListItem({ chat, open }: { chat: ChatSummary; open: boolean }) {
  const [menu, setMenu] = useState(false);
  const unread = unreadOf(chat);
  const other = otherMember(chat.id);
  const last = chat.lastMessage;
  const title = chatTitle(chat);
  // The open chat's draft is in its composer; the others say they have one, as WhatsApp does.
  const draft = open ? "" : draftOf(chat.id).trim();
  const preview = !last ? "No messages yet"
    : last.deleted ? "Message deleted"
    // A notice says what happened in its own words, never as someone's message ("Bob joined", not "You: Bob joined…").
    : last.kind === "System" ? noticePreview(last.text ?? "", { name: user(last.senderId)?.displayName ?? "", isMe: last.senderId === state.me?.id })
    : `${last.senderId === state.me?.id ? "You: " : chat.kind === "Group" ? `${nameOf(last.senderId)}: ` : ""}${previewOf(last)}`;
  const pinned = !!chat.pinnedAt;
  const archived = isArchived(chat);

  async function change(setting: { muted?: boolean; pinned?: boolean; archived?: boolean }) {
    setMenu(false);
    try {
      await changeSettings(chat.id, setting);
    } catch (e) {
      toast(errorText(e));
    }
  }

  return (
    <li class="chat-li" data-chat-id={chat.id}>
      <a href={`/chats/${chat.id}`} class={`chat-item ${open ? "active" : ""} ${unread ? "has-unread" : ""}`}
        data-chat-id={chat.id} aria-current={open ? "true" : undefined}
        onClick={e => { e.preventDefault(); navigate(`/chats/${chat.id}`); }}>
        {other ? <UserAvatar id={other} size={44} online={state.presence.get(other)?.online} />
          : <span class="avatar group" style={{ width: "44px", height: "44px" }} aria-hidden="true"><Icon name="users" /></span>}
        <span class="chat-item-body">
          <span class="chat-item-top">
            <span class="chat-item-title">{title}</span>
            {last && <span class="chat-item-time">{shortTime(last.createdAt)}</span>}
          </span>
          <span class="chat-item-bottom">
            {typingIn(chat.id).length > 0
              ? <span class="chat-item-preview typing">{chat.kind === "Group" ? `${typingIn(chat.id).map(nameOf).join(", ")} typing…` : "typing…"}</span>
              : draft ? <span class="chat-item-preview" data-testid="draft-preview"><span class="draft-label">Draft:</span> {draft}</span>
              : <span class="chat-item-preview">{preview}</span>}
            <span class="chat-item-marks">
              {chat.private && <span class="mark" aria-label="Private chat" title="End-to-end encrypted" data-testid="private-icon">🔒</span>}
              {chat.muted && <span class="mark" aria-label="Muted" title="Muted" data-testid="muted-icon"><Icon name="bellOff" size={16} /></span>}
              {pinned && <span class="mark" aria-label="Pinned" title="Pinned" data-testid="pinned-icon"><Icon name="pin" size={16} /></span>}
              {unread > 0 && <span class={`badge ${chat.muted ? "muted" : ""}`} aria-label={`${unread} unread`}>{unread > 99 ? "99+" : unread}</span>}
            </span>
          </span>
        </span>
      </a>
      <button class="icon-button small chat-menu-button" aria-label={`Options for ${title}`} aria-haspopup="menu" aria-expanded={menu}
        onClick={() => setMenu(m => !m)}>
        <Icon name="more" size={18} />
      </button>
      {menu && (
        <div class="chat-menu" role="menu" aria-label={`Options for ${title}`} onKeyDown={e => { if (e.key === "Escape") setMenu(false); }}>
          {!archived && (
            <button role="menuitem" onClick={() => change({ pinned: !pinned })}
              title={pinned ? undefined : `Up to ${MaxPinned} chats stay on top`}>{pinned ? "Unpin chat" : "Pin chat"}</button>
          )}
          <button role="menuitem" onClick={() => change({ muted: !chat.muted })}>{chat.muted ? "Unmute notifications" : "Mute notifications"}</button>
          <button role="menuitem" onClick={() => change({ archived: !archived })}>{archived ? "Unarchive chat" : "Archive chat"}</button>
        </div>
      )}
    </li>
  );
}

function previewOf(m: { kind: string; text: string | null; attachments: unknown[] }) {
  switch (m.kind) {
    case "Transfer": return `💸 Payment${m.text ? `: ${m.text}` : ""}`;
    case "Tip": return "🪙 Tip";
    case "RedEnvelope": return `🧧 ${m.text ?? "Red envelope"}`;
    case "Proposal": return `🗳️ ${m.text ?? "Proposal"}`;
    default: return m.text ?? (m.attachments.length ? "📷 Photo" : "");
  }
}

import { useEffect, useState } from "preact/hooks";
import { chatTitle, nameOf, otherMember, typingIn, user } from "../chat";
import { navigate, type Route } from "../router";
import { sortedChats, state, unreadOf, useAppState } from "../store";
import { Icon, UserAvatar, shortTime } from "./common";
import { ChatScreen } from "./ChatView";
import { NewChat } from "./NewChat";
import { SearchScreen } from "./Search";
import { WalletScreen } from "./Wallet";
import { GovernanceScreen } from "./Governance";
import { CirclePage } from "./Circles";
import { noticePreview } from "./notices";
import { ProfileEditor } from "./ProfileEditor";
import { InvitePage } from "./InvitePage";

export function Shell({ route, onSignOut }: { route: Route; onSignOut: () => void }) {
  const s = useAppState();
  const [newChat, setNewChat] = useState(false);
  const [profile, setProfile] = useState(false);
  const [query, setQuery] = useState(route.name === "search" ? route.q : "");
  const me = s.me!;
  const openChat = route.name === "chats" ? route.chatId : undefined;
  const mainOpen = route.name !== "chats" || !!openChat;
  const unread = sortedChats().reduce((sum, chat) => sum + unreadOf(chat), 0);
  useEffect(() => { document.title = unread > 0 ? `(${unread}) OpenChat` : "OpenChat"; }, [unread]);

  return (
    <div class={`shell ${mainOpen ? "main-open" : ""}`}>
      <aside class="sidebar" aria-label="Chats">
        <header class="sidebar-head">
          <button class="me" onClick={() => setProfile(true)} aria-label="Edit profile" title="Edit profile">
            <UserAvatar id={me.id} size={36} />
            <div class="me-text">
              <strong>{me.displayName}</strong>
              <span class="muted small">@{me.handle}</span>
            </div>
          </button>
          <button class="icon-button" onClick={onSignOut} aria-label="Sign out" title="Sign out"><Icon name="out" /></button>
        </header>
        <nav class="tabs" aria-label="Sections">
          <a href="/chats" class={route.name === "chats" || route.name === "search" ? "tab active" : "tab"} aria-current={route.name === "chats" ? "page" : undefined}
            onClick={e => { e.preventDefault(); navigate("/chats"); }}><Icon name="chat" size={18} /> Chats</a>
          <a href="/wallet" class={route.name === "wallet" ? "tab active" : "tab"} aria-current={route.name === "wallet" ? "page" : undefined}
            onClick={e => { e.preventDefault(); navigate("/wallet"); }}><Icon name="wallet" size={18} /> Wallet</a>
          <a href="/governance" class={route.name === "governance" ? "tab active" : "tab"} aria-current={route.name === "governance" ? "page" : undefined}
            onClick={e => { e.preventDefault(); navigate("/governance"); }}><Icon name="vote" size={18} /> Governance</a>
        </nav>
        <form class="search-box" role="search" onSubmit={e => { e.preventDefault(); if (query.trim()) navigate(`/search?q=${encodeURIComponent(query.trim())}`); }}>
          <Icon name="search" size={18} />
          <input type="search" placeholder="Search messages" aria-label="Search messages in all chats" value={query}
            onInput={e => setQuery(e.currentTarget.value)} />
        </form>
        <div class="list-head">
          <h2>Chats</h2>
          <button class="button small" onClick={() => setNewChat(true)}><Icon name="plus" size={16} /> New</button>
        </div>
        <ChatList openChat={openChat} />
      </aside>
      <main class="main" id="main">
        {route.name === "wallet" ? <WalletScreen />
          : route.name === "governance" ? <GovernanceScreen proposalId={route.proposalId} />
          : route.name === "circle" ? <CirclePage chatId={route.chatId} />
          : route.name === "search" ? <SearchScreen q={route.q} />
          : route.name === "invite" ? <InvitePage code={route.code} />
          : openChat ? <ChatScreen key={openChat} chatId={openChat} focus={route.focus} />
          : <Empty onNew={() => setNewChat(true)} />}
      </main>
      {s.connection !== "online" && (
        <div class="connection" role="status">
          <span class="pulse" /> {s.connection === "connecting" ? "Connecting…" : "Reconnecting… messages will catch up"}
        </div>
      )}
      {newChat && <NewChat onClose={() => setNewChat(false)} />}
      {profile && <ProfileEditor onClose={() => setProfile(false)} />}
      {s.toast && <div class={`toast ${s.toast.kind}`} role="alert">{s.toast.text}</div>}
    </div>
  );
}

function ChatList({ openChat }: { openChat?: string }) {
  const chats = sortedChats();
  if (chats.length === 0) {
    return <p class="empty-list muted">No chats yet. Start one with <strong>New</strong>.</p>;
  }
  return (
    <ul class="chat-list" aria-label="Your chats">
      {chats.map(chat => {
        const unread = unreadOf(chat);
        const other = otherMember(chat.id);
        const last = chat.lastMessage;
        const title = chatTitle(chat);
        const preview = !last ? "No messages yet"
          : last.deleted ? "Message deleted"
          // A notice says what happened in its own words, never as someone's message ("Bob joined", not "You: Bob joined…").
          : last.kind === "System" ? noticePreview(last.text ?? "", { name: user(last.senderId)?.displayName ?? "", isMe: last.senderId === state.me?.id })
          : `${last.senderId === state.me?.id ? "You: " : chat.kind === "Group" ? `${nameOf(last.senderId)}: ` : ""}${previewOf(last)}`;
        return (
          <li key={chat.id}>
            <a href={`/chats/${chat.id}`} class={`chat-item ${chat.id === openChat ? "active" : ""} ${unread ? "has-unread" : ""}`}
              data-chat-id={chat.id} aria-current={chat.id === openChat ? "true" : undefined}
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
                    : <span class="chat-item-preview">{preview}</span>}
                  {unread > 0 && <span class="badge" aria-label={`${unread} unread`}>{unread > 99 ? "99+" : unread}</span>}
                </span>
              </span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}

function Empty({ onNew }: { onNew: () => void }) {
  return (
    <div class="empty-main">
      <div class="empty-art"><Icon name="chat" size={40} /></div>
      <h2>Pick a chat</h2>
      <p class="muted">Choose a conversation on the left, or start a new one.</p>
      <button class="button primary" onClick={onNew}><Icon name="plus" size={18} /> New chat</button>
    </div>
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

import { useEffect, useState } from "preact/hooks";
import { navigate, type Route } from "../router";
import { sortedChats, unreadOf, useAppState } from "../store";
import { Icon, UserAvatar } from "./common";
import { ChatScreen } from "./ChatView";
import { NewChat } from "./NewChat";
import { SearchScreen } from "./Search";
import { WalletScreen } from "./Wallet";
import { GovernanceScreen } from "./Governance";
import { CirclePage } from "./Circles";
import { ProfileEditor } from "./ProfileEditor";
import { InvitePage } from "./InvitePage";
import { ChatList } from "./ChatList";
import { NotificationToggle } from "./NotificationToggle";

export function Shell({ route, onSignOut }: { route: Route; onSignOut: () => void }) {
  const s = useAppState();
  const [newChat, setNewChat] = useState(false);
  const [profile, setProfile] = useState(false);
  const [query, setQuery] = useState(route.name === "search" ? route.q : "");
  const me = s.me!;
  const openChat = route.name === "chats" ? route.chatId : undefined;
  const mainOpen = route.name !== "chats" || !!openChat;
  // Muted chats do not count in the tab's title, as Telegram leaves them out of its badge.
  const unread = sortedChats().filter(chat => !chat.muted).reduce((sum, chat) => sum + unreadOf(chat), 0);
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
          <NotificationToggle />
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

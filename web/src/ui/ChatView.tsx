import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { errorText } from "../api";
import {
  chatTitle, discard, edit, jumpTo, loadDetails, loadLatest, loadNewer, loadOlder, nameOf, otherMember, remove, retry, send,
  sendTyping, setVisibleChat, tickOf, toggleReaction, typingIn, uploadMedia, user,
} from "../chat";
import { navigate } from "../router";
import { state, toast, useAppState, type Outgoing } from "../store";
import type { MessageView } from "../types";
import { ChatInfo } from "./ChatInfo";
import { EnvelopeCard, MoneyDialog, ProposalCard, TipCard, TipDialog, TipsLine, TransferCard } from "./Payments";
import { Icon, Modal, UserAvatar, dayLabel, time } from "./common";
import { humanNotice } from "./notices";
import { ForwardDialog, forwardable } from "./ForwardDialog";
import { MessageInfo } from "./MessageInfo";
import { SafetyNumbers } from "./SafetyNumbers";
import { draftOf, saveDraft } from "../chat/drafts";
import { lastEditable, stepReply } from "./replyKeys";
import { SealedPhoto } from "./SealedPhoto";
import { isPrivateChat } from "../chat/chats";
import { sealFile, type SealedFile } from "../private/media";

const Reactions = ["👍", "❤️", "😂", "😮", "😢", "🎉"];

export function ChatScreen({ chatId, focus }: { chatId: string; focus?: number }) {
  const s = useAppState();
  const [error, setError] = useState<string | null>(null);
  const [replyTo, setReplyTo] = useState<MessageView | null>(null);
  const [editing, setEditing] = useState<MessageView | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [showJump, setShowJump] = useState(false);
  const [info, setInfo] = useState(false);
  const [safety, setSafety] = useState(false);
  // Where the unread messages began when the chat was opened (WhatsApp's divider): fixed for the visit, though
  // opening marks them read.
  const [unread] = useState(() => {
    const c = state.chats.get(chatId), read = state.myRead.get(chatId);
    return c && read !== undefined && c.lastSequence > read ? { from: read + 1, count: c.lastSequence - read } : null;
  });
  const unreadShown = useRef(false);
  // The newest message the reader has scrolled past: "↓ N" counts the ones below it.
  const [seenUpTo, setSeenUpTo] = useState(0);

  useEffect(() => {
    setError(null);
    loadDetails(chatId).catch(e => setError(errorText(e)));
    (focus ? jumpTo(chatId, focus) : loadLatest(chatId)).catch(e => setError(errorText(e)));
    setVisibleChat(chatId, true);
    return () => setVisibleChat(null);
  }, [chatId]);

  useEffect(() => { if (focus) jumpTo(chatId, focus).catch(e => setError(errorText(e))); }, [focus]);

  const chat = s.chats.get(chatId);
  const details = s.details.get(chatId);
  const timeline = s.timelines.get(chatId);
  const messages = timeline?.messages ?? [];
  const outgoing = s.outgoing.filter(o => o.chatId === chatId);
  const typing = typingIn(chatId);
  const other = otherMember(chatId);
  const kind = chat?.kind ?? details?.kind ?? "Direct";
  const title = chat ? chatTitle(chat) : details ? chatTitle(details) : "";
  const online = other ? s.presence.get(other)?.online : undefined;

  // Keep the reader's place: follow new messages when at the bottom; stay still when older history is added above.
  // Only a change of content moves the list: other re-renders (receipts, presence) must not undo the reader's scroll.
  const firstSeq = messages[0]?.sequence;
  const tail = `${messages[messages.length - 1]?.id}|${messages.length}|${outgoing.length}|${typing.length}`;
  const prevHeight = useRef(0);
  const prevFirst = useRef<number | undefined>(undefined);
  const prevTail = useRef("");
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (prevFirst.current !== undefined && firstSeq !== undefined && firstSeq < prevFirst.current && !timeline?.focus) {
      list.scrollTop += list.scrollHeight - prevHeight.current;
    } else if (atBottom.current && tail !== prevTail.current && !timeline?.focus) {
      list.scrollTop = list.scrollHeight;
    }
    prevFirst.current = firstSeq;
    prevTail.current = tail;
    prevHeight.current = list.scrollHeight;
  });

  // A photo grows the list when it loads, after the scroll above: a reader at the bottom stays at the bottom
  // ("load" does not bubble; a capturing listener on the list hears every image in it).
  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const follow = (e: Event) => { if (e.target instanceof HTMLImageElement && atBottom.current) list.scrollTop = list.scrollHeight; };
    list.addEventListener("load", follow, true);
    return () => list.removeEventListener("load", follow, true);
  }, [chatId]);

  // Opening a chat with unread messages shows the first of them under an "Unread messages" divider, not the bottom.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (unreadShown.current || !unread || !list || timeline?.loading || messages.length === 0 || timeline?.focus) return;
    // Once, on the first page: a divider that appears later (scrolling up loads it) must not pull the reader there.
    unreadShown.current = true;
    const divider = list.querySelector<HTMLElement>("[data-testid=unread-divider]");
    if (!divider) return;
    divider.scrollIntoView({ block: "start" });
    atBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  });

  // The reply target (picked with the menu, Ctrl+↑/↓ or a swipe) is kept in sight.
  useEffect(() => {
    if (replyTo) listRef.current?.querySelector(`[data-message-id="${replyTo.id}"]`)?.scrollIntoView({ block: "nearest" });
  }, [replyTo]);

  // A jump (search hit) scrolls to the message and flashes it.
  useLayoutEffect(() => {
    if (!timeline?.focus) return;
    const el = listRef.current?.querySelector<HTMLElement>(`[data-seq="${timeline.focus}"]`);
    if (el) {
      el.scrollIntoView({ block: "center" });
      el.classList.add("flash");
      el.focus({ preventScroll: true });
      setTimeout(() => el.classList.remove("flash"), 2000);
      timeline.focus = null;
      atBottom.current = false;
    }
  }, [timeline?.focusToken, messages.length]);

  function onScroll() {
    const list = listRef.current!;
    const bottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    atBottom.current = bottom && !timeline?.hasNewer;
    setShowJump(!bottom || !!timeline?.hasNewer);
    const rows = list.querySelectorAll<HTMLElement>("[data-seq]");
    for (let i = rows.length - 1; i >= 0; i--) {
      if (rows[i].offsetTop < list.scrollTop + list.clientHeight) { setSeenUpTo(Number(rows[i].dataset.seq)); break; }
    }
    if (list.scrollTop < 200 && timeline?.hasOlder && !timeline.loading) loadOlder(chatId).catch(e => toast(errorText(e)));
    if (bottom && timeline?.hasNewer && !timeline.loading) loadNewer(chatId).catch(e => toast(errorText(e)));
    setVisibleChat(chatId, atBottom.current);
  }

  async function toLatest() {
    atBottom.current = true;
    if (timeline?.hasNewer) await loadLatest(chatId);
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
    setShowJump(false);
    setVisibleChat(chatId, true);
    if (focus) navigate(`/chats/${chatId}`, true);
  }

  const byId = new Map(messages.map(m => [m.id, m]));
  const newerBelow = seenUpTo > 0 ? Math.max(0, (chat?.lastSequence ?? messages[messages.length - 1]?.sequence ?? 0) - seenUpTo) : 0;
  const memberCount = details?.members.length ?? chat?.memberIds.length ?? 0;
  const subtitle = typing.length > 0
    ? `${typing.map(nameOf).join(", ")} ${typing.length > 1 ? "are" : "is"} typing…`
    : kind === "Group" ? `${memberCount} member${memberCount === 1 ? "" : "s"}` : online ? "online" : other && s.users.get(other) ? `@${s.users.get(other)!.handle}` : "";

  return (
    <section class="chat" aria-label={`Chat with ${title}`}>
      <header class="chat-head">
        <button class="icon-button back" onClick={() => navigate("/chats")} aria-label="Back to chats"><Icon name="back" /></button>
        {other ? <UserAvatar id={other} size={40} online={online} />
          : <span class="avatar group" style={{ width: "40px", height: "40px" }} aria-hidden="true"><Icon name="users" /></span>}
        <div class="chat-head-text">
          <h1>{chat?.private && <span class="lock" aria-label="Private chat" title="End-to-end encrypted" data-testid="private-mark">🔒 </span>}{title}</h1>
          <span class={`chat-sub ${typing.length ? "typing" : ""}`} aria-live="polite" data-testid="chat-subtitle">{subtitle}</span>
        </div>
        {chat?.private && (
          <button class="icon-button" onClick={() => setSafety(true)} aria-label="Safety numbers" title="Verify safety numbers"><Icon name="key" /></button>
        )}
        {kind === "Group" && (
          <button class="icon-button info" onClick={() => setInfo(true)} aria-label="Group info"><Icon name="users" /></button>
        )}
      </header>
      {info && <ChatInfo chatId={chatId} onClose={() => setInfo(false)} />}
      {safety && <SafetyNumbers chatId={chatId} onClose={() => setSafety(false)} />}
      <div class="messages" ref={listRef} onScroll={onScroll} role="log" aria-label="Messages" aria-live="polite">
        {timeline?.hasOlder && <div class="loading-older">{timeline.loading ? "Loading earlier messages…" : ""}</div>}
        {!timeline?.hasOlder && messages.length > 0 && <div class="chat-start">This is the beginning of your conversation.</div>}
        {error && <div class="error-note" role="alert">{error}</div>}
        {messages.length === 0 && outgoing.length === 0 && !timeline?.loading && !error && (
          <div class="chat-empty"><p>No messages yet.</p><p class="muted">Say hello 👋</p></div>
        )}
        {messages.map((m, i) => {
          const prev = messages[i - 1];
          const newDay = !prev || new Date(prev.createdAt).toDateString() !== new Date(m.createdAt).toDateString();
          const grouped = !newDay && prev && prev.senderId === m.senderId && !prev.deleted && prev.kind !== "System" &&
            new Date(m.createdAt).getTime() - new Date(prev.createdAt).getTime() < 5 * 60_000;
          // More unread than the first page holds: no divider at the top of the page, the reader starts at the bottom.
          const firstUnread = unread && m.sequence >= unread.from && (prev ? prev.sequence < unread.from : m.sequence === unread.from);
          return (
            <>
              {newDay && <div class="day" role="separator"><span>{dayLabel(m.createdAt)}</span></div>}
              {firstUnread && (
                <div class="unread-divider" role="separator" data-testid="unread-divider">
                  <span>{unread.count === 1 ? "1 unread message" : `${unread.count} unread messages`}</span>
                </div>
              )}
              {m.kind === "System" ? <Notice key={m.id} m={m} /> : <Bubble key={m.id} m={m} group={kind === "Group"} grouped={!!grouped} selected={replyTo?.id === m.id} reply={m.replyToId ? byId.get(m.replyToId) ?? null : undefined}
                onReply={() => { setEditing(null); setReplyTo(m); }} onEdit={() => { setReplyTo(null); setEditing(m); }} />}
            </>
          );
        })}
        {!timeline?.hasNewer && outgoing.map(o => <Pending key={o.clientMessageId} o={o} reply={o.replyToId ? byId.get(o.replyToId) ?? null : undefined} />)}
        {typing.length > 0 && (
          <div class="typing-row" data-testid="typing" aria-hidden="true"><span class="dots"><i /><i /><i /></span>{kind === "Group" && ` ${typing.map(nameOf).join(", ")}`}</div>
        )}
      </div>
      {showJump && (
        <button class="jump" onClick={toLatest} aria-label="Jump to the latest message">
          <Icon name="arrowDown" />
          {newerBelow > 0 && <span class="jump-count" data-testid="jump-count">{newerBelow > 99 ? "99+" : newerBelow}</span>}
        </button>
      )}
      <Composer chatId={chatId} replyTo={replyTo} editing={editing}
        onDone={() => { setReplyTo(null); setEditing(null); atBottom.current = true; }}
        onCancel={() => { setReplyTo(null); setEditing(null); }}
        onReplyStep={direction => { setEditing(null); setReplyTo(stepReply(messages, replyTo, direction)); }}
        onEditLast={() => { const m = lastEditable(messages); if (m) { setReplyTo(null); setEditing(m); } }} />
    </section>
  );
}

/** Text with its web links clickable (http and https only: never javascript: or data:), opened in a new tab. */
function Linked({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]])/g);
  return <>{parts.map((part, i) => i % 2 === 1 ? <a key={i} href={part} target="_blank" rel="noopener noreferrer nofollow">{part}</a> : part)}</>;
}

/** A system notice: a centered, muted line with a human date, never a member's bubble (no ticks, no actions). */
function Notice({ m }: { m: MessageView }) {
  const text = humanNotice(m.text ?? "", { name: user(m.senderId)?.displayName ?? "", isMe: m.senderId === state.me?.id });
  return (
    <div class="notice" role="note" data-testid="notice" data-seq={m.sequence} data-message-id={m.id}>
      <span>{text} <time dateTime={m.createdAt} class="notice-time">{time(m.createdAt)}</time></span>
    </div>
  );
}

function Tick({ m }: { m: MessageView }) {
  const tick = tickOf(m);
  const label = tick === "read" ? "Read" : tick === "delivered" ? "Delivered" : "Sent";
  return (
    <span class={`tick ${tick}`} data-tick={tick} aria-label={label} title={label}>
      {tick === "sent"
        ? <svg width="16" height="12" viewBox="0 0 16 12"><path d="M2 6.5 5.5 10 13 2" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" /></svg>
        : <svg width="20" height="12" viewBox="0 0 20 12"><path d="M1 6.5 4.5 10 12 2M8 9l1 1 7.5-8" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" /></svg>}
    </span>
  );
}

function Quote({ reply }: { reply: MessageView | null }) {
  return (
    <div class="quote">
      <strong>{reply ? nameOf(reply.senderId) : "Earlier message"}</strong>
      <span>{reply ? (reply.deleted ? "Message deleted" : reply.text ?? (reply.kind === "Transfer" ? "💸 Payment" : reply.kind === "RedEnvelope" ? "🧧 Red envelope" : "📎 Attachment")) : "Not loaded"}</span>
    </div>
  );
}

function Attachment({ url }: { url: string }) {
  const [broken, setBroken] = useState(false);
  if (broken) return <a class="file" href={url} target="_blank" rel="noopener"><Icon name="clip" size={16} /> Open attachment</a>;
  return (
    <a href={url} target="_blank" rel="noopener" class="media">
      <img src={url} alt="Shared image" loading="lazy" onError={() => setBroken(true)} />
    </a>
  );
}

function Bubble({ m, group, grouped, selected, reply, onReply, onEdit }: {
  m: MessageView; group: boolean; grouped: boolean; selected: boolean; reply: MessageView | null | undefined; onReply: () => void; onEdit: () => void;
}) {
  // A swipe to the right on a touch screen replies (WhatsApp, Telegram): far enough sideways, and more sideways than down.
  const swipe = useRef<{ x: number; y: number } | null>(null);
  const mine = m.senderId === state.me?.id;
  const [picking, setPicking] = useState(false);
  const [tipping, setTipping] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [forwarding, setForwarding] = useState(false);
  const [showInfo, setShowInfo] = useState(false);
  const special = m.kind === "Transfer" || m.kind === "Tip" || m.kind === "RedEnvelope" || m.kind === "Proposal";
  const tippable = !mine && m.kind === "Text" && !m.deleted && m.senderId !== undefined;
  return (
    <div class={`row ${mine ? "mine" : "theirs"} ${grouped ? "grouped" : ""} ${selected ? "selected" : ""}`} data-seq={m.sequence} data-message-id={m.id} tabIndex={0}
      onTouchStart={e => { const t = e.touches[0]; swipe.current = t ? { x: t.clientX, y: t.clientY } : null; }}
      onTouchEnd={e => {
        const start = swipe.current, t = e.changedTouches[0];
        swipe.current = null;
        if (start && t && !m.deleted && t.clientX - start.x > 60 && Math.abs(t.clientY - start.y) < (t.clientX - start.x) / 2) onReply();
      }}
      aria-label={`${nameOf(m.senderId)}: ${m.deleted ? "message deleted" : m.text ?? "attachment"}`}>
      {!mine && group && (grouped ? <span class="avatar-space" /> : <UserAvatar id={m.senderId} size={32} />)}
      <div class="bubble-wrap">
        {!mine && group && !grouped && <span class="sender">{nameOf(m.senderId)}</span>}
        <div class={`bubble ${m.deleted ? "deleted" : ""} ${special ? `special ${m.kind.toLowerCase()}` : ""}`}>
          {m.deleted ? <em>This message was deleted</em> : (
            <>
              {m.forwardedFromId && <span class="forwarded" data-testid="forwarded"><Icon name="forward" size={12} /> Forwarded</span>}
              {reply !== undefined && m.kind !== "Tip" && <Quote reply={reply} />}
              {m.kind === "Transfer" ? <TransferCard m={m} />
                : m.kind === "Tip" ? <TipCard m={m} />
                : m.kind === "RedEnvelope" ? <EnvelopeCard m={m} />
                : m.kind === "Proposal" ? <ProposalCard m={m} />
                : <>
                  {m.attachments.map(a => isPrivateChat(m.chatId)
                    ? <SealedPhoto key={a.mediaId} mediaId={a.mediaId} /> : <Attachment key={a.mediaId} url={a.url} />)}
                  {m.text && <p class="text"><Linked text={m.text} /></p>}
                </>}
            </>
          )}
          <span class="meta">
            {m.editedAt && !m.deleted && <span class="edited">edited</span>}
            <time dateTime={m.createdAt}>{time(m.createdAt)}</time>
            {mine && !m.deleted && <Tick m={m} />}
          </span>
        </div>
        {m.kind === "Text" && <TipsLine m={m} />}
        {m.reactions.length > 0 && (
          <div class="reactions">
            {m.reactions.map(r => (
              <button key={r.emoji} class={`reaction ${r.userIds.includes(state.me?.id ?? "") ? "mine" : ""}`}
                onClick={() => toggleReaction(m, r.emoji)} aria-label={`${r.emoji} ${r.count}: ${r.userIds.map(nameOf).join(", ")}`}>
                {r.emoji} <span>{r.count}</span>
              </button>
            ))}
          </div>
        )}
        {!m.deleted && (
          <div class="actions" role="toolbar" aria-label="Message actions">
            <button class="icon-button small" onClick={() => setPicking(p => !p)} aria-label="React" aria-expanded={picking}><Icon name="smile" size={16} /></button>
            <button class="icon-button small" onClick={onReply} aria-label="Reply"><Icon name="reply" size={16} /></button>
            {tippable && <button class="icon-button small" onClick={() => setTipping(true)} aria-label="Tip"><Icon name="coin" size={16} /></button>}
            {mine && m.text !== null && m.kind === "Text" && <button class="icon-button small" onClick={onEdit} aria-label="Edit"><Icon name="edit" size={16} /></button>}
            {forwardable(m) && <button class="icon-button small" onClick={() => setForwarding(true)} aria-label="Forward"><Icon name="forward" size={16} /></button>}
            {mine && group && <button class="icon-button small" onClick={() => setShowInfo(true)} aria-label="Message info"><Icon name="info" size={16} /></button>}
            {mine && !special && <button class="icon-button small" onClick={() => setDeleting(true)} aria-label="Delete"><Icon name="trash" size={16} /></button>}
          </div>
        )}
        {tipping && <TipDialog m={m} onClose={() => setTipping(false)} />}
        {forwarding && <ForwardDialog m={m} onClose={() => setForwarding(false)} />}
        {showInfo && <MessageInfo m={m} onClose={() => setShowInfo(false)} />}
        {deleting && (
          <Modal title="Delete message?" labelId="delete-title" onClose={() => setDeleting(false)}>
            <p>It will be deleted for everyone in this chat. This can't be undone.</p>
            <div class="modal-actions">
              <button type="button" class="button" onClick={() => setDeleting(false)}>Cancel</button>
              <button type="button" class="button danger" onClick={() => { setDeleting(false); remove(m); }}>Delete for everyone</button>
            </div>
          </Modal>
        )}
        {picking && (
          <div class="picker" role="menu">
            {Reactions.map(e => <button key={e} role="menuitem" onClick={() => { setPicking(false); toggleReaction(m, e); }} aria-label={`React ${e}`}>{e}</button>)}
          </div>
        )}
      </div>
    </div>
  );
}

function Pending({ o, reply }: { o: Outgoing; reply: MessageView | null | undefined }) {
  return (
    <div class="row mine pending" data-client-id={o.clientMessageId}>
      <div class="bubble-wrap">
        <div class="bubble">
          {reply !== undefined && <Quote reply={reply} />}
          {o.previews.map(p => <span class="media" key={p}><img src={p} alt="Sending image" /></span>)}
          {o.text && <p class="text">{o.text}</p>}
          <span class="meta">
            {o.status === "sending" ? <span class="tick" data-tick="sending" aria-label="Sending">🕓</span>
              : <span class="failed-label">Not sent</span>}
          </span>
        </div>
        {o.status === "failed" && (
          <div class="failed" role="alert">
            <span>{o.error}</span>
            <button class="link" onClick={() => retry(o)}>Try again</button>
            <button class="link" onClick={() => discard(o)}>Discard</button>
          </div>
        )}
      </div>
    </div>
  );
}

/** The server's limit (SendMessageValidator: MaximumLength(4_000)). */
const MaxMessageLength = 4_000;
const characters = (n: number) => `${n.toLocaleString()} character${n === 1 ? "" : "s"}`;

function Composer({ chatId, replyTo, editing, onDone, onCancel, onReplyStep, onEditLast }: {
  chatId: string; replyTo: MessageView | null; editing: MessageView | null; onDone: () => void; onCancel: () => void;
  onReplyStep: (direction: "up" | "down") => void; onEditLast: () => void;
}) {
  // The chat's unsent text comes back when the chat is opened again (the screen is remounted per chat).
  const [text, setText] = useState(() => draftOf(chatId));
  const [files, setFiles] = useState<{ file: File; preview: string }[]>([]);
  const [uploading, setUploading] = useState(false);
  const [money, setMoney] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const left = MaxMessageLength - text.trim().length;
  const tooLong = left < 0;

  useEffect(() => {
    if (editing) setText(editing.text ?? "");
    if (editing || replyTo) input.current?.focus();
  }, [editing, replyTo]);

  useEffect(() => { input.current?.focus(); }, [chatId]);

  // The box grows with its text up to 160 px and shrinks back when the text goes (sent, edited, cancelled).
  useLayoutEffect(() => {
    const box = input.current;
    if (!box) return;
    box.style.height = "auto";
    if (text) box.style.height = `${Math.min(box.scrollHeight, 160)}px`;
  }, [text]);

  async function submit() {
    const body = text.trim();
    if (body.length > MaxMessageLength) return;
    if (editing) {
      if (body && body !== editing.text) await edit(editing, body);
      setText(draftOf(chatId));
      onDone();
      return;
    }
    if (!body && files.length === 0) return;
    let mediaIds: string[] = [];
    let sealed: SealedFile[] = [];
    if (files.length > 0) {
      setUploading(true);
      try {
        // A private chat's files leave this device only encrypted, each with its own key (issue 18).
        if (isPrivateChat(chatId)) sealed = await Promise.all(files.map(f => sealFile(f.file)));
        mediaIds = isPrivateChat(chatId) ? sealed.map(s => s.mediaId) : (await Promise.all(files.map(f => uploadMedia(f.file)))).map(m => m.id);
      } catch (e) {
        toast(errorText(e));
        setUploading(false);
        return;
      }
      setUploading(false);
    }
    send(chatId, body, replyTo?.id ?? null, mediaIds, files.map(f => f.preview), sealed);
    setText("");
    saveDraft(chatId, "");
    setFiles([]);
    onDone();
  }

  return (
    <div class="composer-wrap">
      {money && <MoneyDialog chatId={chatId} onClose={() => setMoney(false)} />}
      {(replyTo || editing) && (
        <div class="composer-context">
          <Icon name={editing ? "edit" : "reply"} size={16} />
          <div>
            <strong>{editing ? "Edit message" : `Reply to ${nameOf(replyTo!.senderId)}`}</strong>
            <span class="muted">{(editing ?? replyTo)!.text ?? "📎 Attachment"}</span>
          </div>
          <button class="icon-button small" onClick={() => { if (editing) setText(draftOf(chatId)); onCancel(); }} aria-label="Cancel"><Icon name="close" size={16} /></button>
        </div>
      )}
      {files.length > 0 && (
        <div class="previews">
          {files.map(f => (
            <span class="preview" key={f.preview}>
              {f.file.type.startsWith("image/") ? <img src={f.preview} alt={f.file.name} /> : <span class="file-chip">{f.file.name}</span>}
              <button class="remove" onClick={() => setFiles(fs => fs.filter(x => x !== f))} aria-label={`Remove ${f.file.name}`}><Icon name="close" size={12} /></button>
            </span>
          ))}
        </div>
      )}
      <form class="composer" onSubmit={e => { e.preventDefault(); submit(); }}>
        <input ref={fileInput} type="file" accept="image/*,application/pdf,video/mp4,audio/ogg" multiple hidden
          onChange={e => {
            const chosen = [...(e.currentTarget.files ?? [])].map(file => ({ file, preview: URL.createObjectURL(file) }));
            setFiles(fs => [...fs, ...chosen]);
            e.currentTarget.value = "";
          }} />
        <button type="button" class="icon-button" onClick={() => fileInput.current?.click()} aria-label="Attach a photo or file" disabled={!!editing}>
          <Icon name="clip" />
        </button>
        <button type="button" class="icon-button money" onClick={() => setMoney(true)} aria-label="Send money or a red envelope" disabled={!!editing}>
          <Icon name="coin" />
        </button>
        <textarea ref={input} rows={1} value={text} placeholder={editing ? "Edit your message" : "Write a message"} aria-label="Message"
          aria-describedby="composer-count"
          onInput={e => {
            setText(e.currentTarget.value);
            if (!editing) {
              saveDraft(chatId, e.currentTarget.value);
              sendTyping(chatId);
            }
          }}
          onKeyDown={e => {
            if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); submit(); }
            // Escape cancels a reply (keeping the text) or an edit (bringing the draft back).
            if (e.key === "Escape" && (editing || replyTo)) { if (editing) setText(draftOf(chatId)); onCancel(); }
            // Telegram Desktop's keys (see replyKeys.ts): Ctrl/⌘+↑/↓ walk the reply target, ↑ in an empty box edits your last message.
            if ((e.key === "ArrowUp" || e.key === "ArrowDown") && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              onReplyStep(e.key === "ArrowUp" ? "up" : "down");
            } else if (e.key === "ArrowUp" && !e.shiftKey && !text && !editing && files.length === 0) {
              e.preventDefault();
              onEditLast();
            }
          }} />
        <button type="submit" class="send" disabled={uploading || tooLong || (!text.trim() && files.length === 0)} aria-label={editing ? "Save edit" : "Send"}
          title={tooLong ? `A message can have at most ${MaxMessageLength.toLocaleString()} characters` : undefined}>
          <Icon name={editing ? "edit" : "send"} />
        </button>
      </form>
      {left < 500 && (
        <p id="composer-count" class={`composer-count ${tooLong ? "over" : ""}`} data-testid="composer-count" aria-live="polite">
          {tooLong ? `${characters(-left)} too long: a message can have at most ${MaxMessageLength.toLocaleString()}.` : `${characters(left)} left`}
        </p>
      )}
    </div>
  );
}

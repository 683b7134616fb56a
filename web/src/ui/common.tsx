import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { user } from "../chat";

const palette = ["#6366f1", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#ec4899", "#8b5cf6", "#14b8a6"];

function hash(text: string) {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) | 0;
  return Math.abs(h);
}

export function initials(name: string) {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase();
}

export function Avatar({ name, seed, size = 40, online }: { name: string; seed: string; size?: number; online?: boolean }) {
  return (
    <span class="avatar" style={{ width: `${size}px`, height: `${size}px`, background: palette[hash(seed) % palette.length], fontSize: `${Math.round(size * 0.4)}px` }} aria-hidden="true">
      {initials(name)}
      {online && <span class="avatar-online" />}
    </span>
  );
}

export function UserAvatar({ id, size = 40, online }: { id: string; size?: number; online?: boolean }) {
  const u = user(id);
  if (u?.avatarUrl) return <PhotoAvatar url={u.avatarUrl} size={size} online={online} />;
  return <Avatar name={u?.displayName ?? "?"} seed={id} size={size} online={online} />;
}

/** A profile photo in the avatar's circle (the initials stand in for people without one). */
export function PhotoAvatar({ url, size = 40, online }: { url: string; size?: number; online?: boolean }) {
  return (
    <span class="avatar photo" style={{ width: `${size}px`, height: `${size}px` }} aria-hidden="true">
      <img src={url} alt="" width={size} height={size} />
      {online && <span class="avatar-online" />}
    </span>
  );
}

export function Icon({ name, size = 20 }: { name: keyof typeof paths; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"
      stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
      {paths[name]}
    </svg>
  );
}

const paths = {
  chat: <path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z" />,
  wallet: <><rect x="2" y="6" width="20" height="14" rx="2" /><path d="M16 13h2M2 10h20M6 6V4h12v2" /></>,
  search: <><circle cx="11" cy="11" r="7" /><path d="m21 21-4.3-4.3" /></>,
  plus: <path d="M12 5v14M5 12h14" />,
  send: <><path d="M22 2 11 13" /><path d="M22 2 15 22l-4-9-9-4z" /></>,
  clip: <path d="m21.4 11.1-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5" />,
  back: <path d="m15 18-6-6 6-6" />,
  reply: <><path d="M9 17 4 12l5-5" /><path d="M20 18v-2a4 4 0 0 0-4-4H4" /></>,
  edit: <><path d="M12 20h9" /><path d="M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z" /></>,
  trash: <><path d="M3 6h18" /><path d="M19 6v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V6m3 0V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2" /></>,
  smile: <><circle cx="12" cy="12" r="10" /><path d="M8 14s1.5 2 4 2 4-2 4-2M9 9h.01M15 9h.01" /></>,
  close: <path d="M18 6 6 18M6 6l12 12" />,
  key: <><circle cx="7.5" cy="15.5" r="5.5" /><path d="m21 2-9.6 9.6M15.5 7.5l3 3L22 7l-3-3" /></>,
  users: <><path d="M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2" /><circle cx="9" cy="7" r="4" /><path d="M23 21v-2a4 4 0 0 0-3-3.9M16 3.1a4 4 0 0 1 0 7.8" /></>,
  out: <><path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4" /><path d="m16 17 5-5-5-5M21 12H9" /></>,
  copy: <><rect x="9" y="9" width="13" height="13" rx="2" /><path d="M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1" /></>,
  arrowDown: <path d="M12 5v14M19 12l-7 7-7-7" />,
  arrowUp: <path d="M12 19V5M5 12l7-7 7 7" />,
  alert: <><path d="M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" /><path d="M12 9v4M12 17h.01" /></>,
  coin: <><circle cx="12" cy="12" r="9" /><path d="M14.8 9A2.5 2.5 0 0 0 12.5 8h-1a2 2 0 0 0 0 4h1a2 2 0 0 1 0 4h-1a2.5 2.5 0 0 1-2.3-1M12 6v2m0 8v2" /></>,
  clock: <><circle cx="12" cy="12" r="9" /><path d="M12 7v5l3 2" /></>,
  vote: <><path d="m9 12 2 2 4-4" /><path d="M5 7h14v13H5z" /><path d="M8 3h8v4H8z" /></>,
  forward: <><path d="m15 17 5-5-5-5" /><path d="M4 18v-2a4 4 0 0 1 4-4h12" /></>,
  info: <><circle cx="12" cy="12" r="10" /><path d="M12 16v-4M12 8h.01" /></>,
  bell: <><path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" /><path d="M10.3 21a1.9 1.9 0 0 0 3.4 0" /></>,
  bellOff: <><path d="M8.7 3A6 6 0 0 1 18 8c0 2.8.5 4.8 1.2 6.2M17 17H3s3-2 3-9c0-.7.1-1.4.3-2" /><path d="M10.3 21a1.9 1.9 0 0 0 3.4 0M2 2l20 20" /></>,
  pin: <><path d="M12 17v5M9 3h6l-1 6 4 4H6l4-4z" /></>,
  archive: <><rect x="2" y="3" width="20" height="5" rx="1" /><path d="M4 8v11a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8M10 12h4" /></>,
  more: <><circle cx="12" cy="5" r="1" /><circle cx="12" cy="12" r="1" /><circle cx="12" cy="19" r="1" /></>,
  qr: <><rect x="3" y="3" width="7" height="7" /><rect x="14" y="3" width="7" height="7" /><rect x="3" y="14" width="7" height="7" /><path d="M14 14h3v3h-3zM20 14v.01M14 20h.01M17 20h4v-3" /></>,
};

export function Modal({ title, onClose, children, labelId }: { title: string; onClose: () => void; children: ComponentChildren; labelId: string }) {
  const dialog = useRef<HTMLDivElement>(null);
  // Focus moves into the dialog (its first field, else the dialog itself), stays there on Tab, and goes back on close.
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    (dialog.current?.querySelector<HTMLElement>("input:not([type=checkbox]):not([hidden]), textarea") ?? dialog.current)?.focus();
    return () => opener?.focus?.();
  }, []);
  function trap(e: KeyboardEvent) {
    if (e.key === "Escape") { e.stopPropagation(); onClose(); return; }
    if (e.key !== "Tab" || !dialog.current) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>("button, input, textarea, a[href], [tabindex='0']")]
      .filter(el => !el.hasAttribute("disabled"));
    if (focusable.length === 0) return;
    const first = focusable[0], last = focusable[focusable.length - 1];
    if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  }
  return (
    <div class="modal-backdrop" onClick={e => { if (e.target === e.currentTarget) onClose(); }} onKeyDown={trap}>
      <div class="modal" role="dialog" aria-modal="true" aria-labelledby={labelId} ref={dialog} tabIndex={-1}>
        <div class="modal-head">
          <h2 id={labelId}>{title}</h2>
          <button class="icon-button" onClick={onClose} aria-label="Close"><Icon name="close" /></button>
        </div>
        {children}
      </div>
    </div>
  );
}

export function ErrorNote({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return <p class="error-note" role="alert"><Icon name="alert" size={16} /> <span>{text}</span></p>;
}

export function time(iso: string) {
  const d = new Date(iso);
  return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

export function dayLabel(iso: string) {
  const d = new Date(iso);
  const today = new Date();
  const yesterday = new Date(Date.now() - 86_400_000);
  if (d.toDateString() === today.toDateString()) return "Today";
  if (d.toDateString() === yesterday.toDateString()) return "Yesterday";
  return d.toLocaleDateString([], { weekday: "long", month: "short", day: "numeric" });
}

export function shortTime(iso: string) {
  const d = new Date(iso);
  return d.toDateString() === new Date().toDateString()
    ? d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : d.toLocaleDateString([], { month: "short", day: "numeric" });
}

export const shortAddress = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;

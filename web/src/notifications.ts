// Desktop notifications through the Web Notifications API while the tab is open but hidden (another tab, a minimised
// window): new messages from others in chats that are not muted, once the user turned them on and the browser
// allowed it. There is no push service: a closed tab notifies nothing.
import { chatTitle, nameOf } from "./chat/users";
import { navigate } from "./router";
import { changed, state } from "./store";
import type { MessageView } from "./types";

const key = () => `openchat.notifications.${state.me?.id}`;

export const notificationsSupported = () => typeof Notification !== "undefined";

/** On when the user asked for it and the browser still allows it (permission can be revoked in its settings). */
export function notificationsOn(): boolean {
  return notificationsSupported() && Notification.permission === "granted" && localStorage.getItem(key()) === "on";
}

/** Turning on asks the browser first (it must follow a click); answers whether notifications are now on. */
export async function setNotifications(on: boolean): Promise<boolean> {
  if (!notificationsSupported()) return false;
  if (on && Notification.permission !== "granted" && (await Notification.requestPermission()) !== "granted") {
    localStorage.removeItem(key());
    changed();
    return false;
  }
  if (on) localStorage.setItem(key(), "on");
  else localStorage.removeItem(key());
  changed();
  return on;
}

/** Called for every message pushed live (not for history caught up after a reconnect: that would be a burst of old news). */
export function notifyMessage(m: MessageView) {
  if (!state.me || m.senderId === state.me.id || m.kind === "System" || m.deleted) return;
  if (document.visibilityState !== "hidden" || !notificationsOn()) return;
  const chat = state.chats.get(m.chatId);
  if (chat?.muted) return;
  const title = chat ? chatTitle(chat) : nameOf(m.senderId);
  const body = `${chat?.kind === "Group" ? `${nameOf(m.senderId)}: ` : ""}${m.text ?? (m.attachments.length ? "📷 Photo" : "New message")}`;
  // One notification per chat (tag): a newer message replaces the older one instead of stacking them.
  const note = new Notification(title, { body, tag: m.chatId });
  note.onclick = () => {
    window.focus();
    navigate(`/chats/${m.chatId}`);
    note.close();
  };
}

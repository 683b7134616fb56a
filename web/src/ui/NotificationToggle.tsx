import { notificationsOn, notificationsSupported, setNotifications } from "../notifications";
import { toast, useAppState } from "../store";
import { Icon } from "./common";

/** The settings toggle for desktop notifications: the browser is asked only when the user turns them on. */
export function NotificationToggle() {
  useAppState();
  if (!notificationsSupported()) return null;
  const on = notificationsOn();
  const denied = Notification.permission === "denied";
  return (
    <button class="icon-button notify-toggle" aria-pressed={on} aria-label="Desktop notifications"
      title={denied ? "Notifications are blocked in this browser's site settings" : on ? "Notifications on: click to turn off" : "Turn on notifications for new messages"}
      onClick={async () => {
        const now = await setNotifications(!on);
        if (!on && !now) toast("The browser did not allow notifications: allow them in its site settings, then try again.");
        else toast(now ? "Notifications on: new messages show while this tab is in the background." : "Notifications off.", "info");
      }}>
      <Icon name={on ? "bell" : "bellOff"} />
    </button>
  );
}

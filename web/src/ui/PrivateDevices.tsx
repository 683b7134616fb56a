import { useEffect, useState } from "preact/hooks";
import { addDevice, linkCode, otherDevices, removeDevice } from "../private/devices";
import { MembersChanged } from "../private/mls";
import { state } from "../store";
import { ErrorNote } from "./common";

/**
 * Private chats across the user's devices (issue 18): this device's link code, a code typed from a new device to add
 * it to every private chat (it reads from then on), and the other devices in them, each removable so it reads nothing
 * sent afterwards. The confirmation is this device's: the service cannot add a device by itself.
 */
export function PrivateDevices() {
  const me = state.me?.id;
  const [code, setCode] = useState("");
  const [typed, setTyped] = useState("");
  const [others, setOthers] = useState<{ deviceId: string; code: string }[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refresh = () => { if (me) otherDevices(me).then(setOthers).catch(() => {}); };

  useEffect(() => {
    if (!me) return;
    linkCode(me).then(setCode).catch(() => {});
    refresh();
    window.addEventListener(MembersChanged, refresh);
    return () => window.removeEventListener(MembersChanged, refresh);
  }, [me]);

  async function run(work: () => Promise<string>) {
    setBusy(true); setError(null); setStatus(null);
    try { setStatus(await work()); } catch (e) { setError(e instanceof Error ? e.message : String(e)); } finally { setBusy(false); refresh(); }
  }

  if (!me) return null;
  return (
    <div class="private-devices" data-testid="private-devices">
      <h3 class="subhead">Private chats on your devices</h3>
      <p class="small">This device's code: <code data-testid="device-code">{code || "…"}</code></p>
      <form onSubmit={e => {
        e.preventDefault();
        run(async () => `Added to ${await addDevice(me, typed)} private chat(s). It reads messages sent from now on.`);
      }}>
        <label class="field">
          <span>Code shown on your new device</span>
          <input name="device-code" value={typed} onInput={e => setTyped(e.currentTarget.value)} inputMode="numeric" autoComplete="off" />
        </label>
        <button type="submit" class="button" disabled={busy || !typed.trim()}>Add to private chats</button>
      </form>
      <ul class="device-list" aria-label="Devices in private chats">
        {others.map(d => (
          <li key={d.deviceId} class="device" data-testid="private-device" data-code={d.code}>
            <span class="device-text"><strong>Device {d.code}</strong></span>
            <button class="button small danger-outline" disabled={busy} aria-label={`Remove device ${d.code} from private chats`}
              onClick={() => run(async () => `Removed from ${await removeDevice(me, d.deviceId)} private chat(s).`)}>Remove…</button>
          </li>
        ))}
      </ul>
      {status && <p class="small" role="status" data-testid="private-devices-status">{status}</p>}
      <ErrorNote text={error} />
    </div>
  );
}

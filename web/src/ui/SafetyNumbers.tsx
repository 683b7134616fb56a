import { useEffect, useState } from "preact/hooks";
import { loadDetails, nameOf } from "../chat";
import { safetyNumber } from "../private/safety";
import { state, useAppState } from "../store";
import { Modal } from "./common";

/**
 * A private chat's safety numbers (issue 18): one per other member, the same on both people's screens while their
 * devices are the ones in the chat. Compared in person or over another channel; a device added or removed changes it.
 */
export function SafetyNumbers({ chatId, onClose }: { chatId: string; onClose: () => void }) {
  const s = useAppState();
  const me = state.me?.id;
  const others = (s.details.get(chatId)?.members ?? []).map(m => m.userId).filter(id => id !== me);
  const [numbers, setNumbers] = useState<Map<string, string | null>>(new Map());

  useEffect(() => { loadDetails(chatId).catch(() => {}); }, [chatId]);
  useEffect(() => {
    if (!me) return;
    let live = true;
    Promise.all(others.map(async id => [id, await safetyNumber(me, chatId, id)] as const))
      .then(found => { if (live) setNumbers(new Map(found)); }).catch(() => {});
    return () => { live = false; };
  }, [chatId, me, others.join(",")]);

  return (
    <Modal title="Safety numbers" onClose={onClose} labelId="safety-title">
      <p class="muted small">Compare these digits with each contact's screen. If they match, your private chat is with their devices and nobody else's. They change when a device is added or removed.</p>
      <ul class="people">
        {others.map(id => (
          <li key={id} class="person">
            <span class="person-text">
              <strong>{nameOf(id)}</strong>
              <code class="safety-number" data-testid="safety-number" data-user={id}>
                {numbers.has(id) ? numbers.get(id) ?? "Not available on this device" : "Computing…"}
              </code>
            </span>
          </li>
        ))}
      </ul>
    </Modal>
  );
}

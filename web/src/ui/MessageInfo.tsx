import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import { nameOf } from "../chat";
import { useAppState } from "../store";
import type { MemberReceiptView as MemberReceipt, MessageReceiptsView as MessageReceipts, MessageView } from "../types";
import { ErrorNote, Modal, UserAvatar, dayLabel, time } from "./common";

const when = (iso: string | null | undefined) => iso ? `${dayLabel(iso)}, ${time(iso)}` : "";

/**
 * Message info, as WhatsApp shows it for your message in a group: who has read it and who has only received it, each
 * with the time; it follows the receipts live (the chat's members change on every ReceiptsAdvanced update).
 */
export function MessageInfo({ m, onClose }: { m: MessageView; onClose: () => void }) {
  const s = useAppState();
  const [info, setInfo] = useState<MessageReceipts | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Refetched whenever someone's cursors move past this message.
  const reached = s.details.get(m.chatId)?.members.map(x => `${x.deliveredUpTo >= m.sequence ? 1 : 0}${x.readUpTo >= m.sequence ? 1 : 0}`).join("") ?? "";

  useEffect(() => {
    api.get<MessageReceipts>(`/api/chats/${m.chatId}/messages/${m.id}/receipts`).then(setInfo).catch(e => setError(errorText(e)));
  }, [m.id, reached]);

  const read = info?.members.filter(x => x.read) ?? [];
  const delivered = info?.members.filter(x => x.delivered && !x.read) ?? [];
  const waiting = info?.members.filter(x => !x.delivered) ?? [];
  const Row = ({ x, at }: { x: MemberReceipt; at?: string | null }) => (
    <li data-member={x.userId}>
      <UserAvatar id={x.userId} size={32} />
      <strong>{nameOf(x.userId)}</strong>
      {at && <time class="when" dateTime={at}>{when(at)}</time>}
    </li>
  );

  return (
    <Modal title="Message info" onClose={onClose} labelId="message-info-title">
      <p class="message-info-text" data-testid="message-info-text">{m.text ?? "📎 Attachment"}</p>
      <ErrorNote text={error} />
      {info && (
        <>
          <h3 class="subhead" data-testid="read-by-head">Read by {read.length}</h3>
          <ul class="receipt-list" data-testid="read-by">{read.map(x => <Row key={x.userId} x={x} at={x.readAt} />)}</ul>
          <h3 class="subhead" data-testid="delivered-head">Delivered to {delivered.length}</h3>
          <ul class="receipt-list" data-testid="delivered-to">{delivered.map(x => <Row key={x.userId} x={x} at={x.deliveredAt} />)}</ul>
          {waiting.length > 0 && (
            <>
              <h3 class="subhead">Not delivered yet</h3>
              <ul class="receipt-list" data-testid="waiting">{waiting.map(x => <Row key={x.userId} x={x} />)}</ul>
            </>
          )}
        </>
      )}
    </Modal>
  );
}

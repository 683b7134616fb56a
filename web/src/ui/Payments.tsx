// Payments in a chat: the two-step confirmation (read the exact terms, then the passkey), sending money, tips and red
// envelopes, and the payment messages that follow the chain live (their payload changes with "PaymentChanged").
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api, errorText } from "../api";
import { nameOf, otherMember, send, user } from "../chat";
import { isPrivateChat } from "../chat/chats";
import { amountProblem, envelopeProblem, fullCoins, maxEnvelopeShares, useMoney } from "../money";
import { coins, confirmWithPasskey, postPayment, review, summaryLines, termsChanged, type Confirmation } from "../payments";
import { navigate } from "../router";
import { state, toast, useAppState } from "../store";
import type { ConfirmationView, MessageView, PaymentTerms, PaymentView } from "../types";
import { ErrorNote, Icon, Modal, shortAddress } from "./common";
import { nameOrAddress } from "./Who";

/**
 * A payment dialog: the form, then a sheet with the server's exact summary of what the passkey will sign, then the
 * passkey prompt. One idempotency key per payment: a retry after a lost answer pays once; changed input gets a new key.
 */
export function PaymentDialog({ title, labelId, onClose, headline, pay, onPaid, children, confirmTitle = "Confirm payment", keepOpen = false, keyRef }: {
  title: string; labelId: string; onClose: () => void;
  headline: (terms: PaymentTerms) => string;
  pay: (confirmation: Confirmation, terms: PaymentTerms, key: string) => Promise<unknown>;
  onPaid?: (result: unknown) => void;
  children: (submit: (terms: PaymentTerms) => void, busy: boolean, error: string | null, retryable: boolean) => ComponentChildren;
  /** The sheet's title: wallet, key and device actions are confirmed the same way as payments. */
  confirmTitle?: string;
  /** Stay open after the action (the caller shows its result, such as a transfer's progress or an exported key). */
  keepOpen?: boolean;
  /** The caller's idempotency key holder, so it can drop the key when the person changes the input. */
  keyRef?: { current: string | null };
}) {
  const [begun, setBegun] = useState<ConfirmationView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [retryable, setRetryable] = useState(false);
  const ownKey = useRef<string | null>(null);
  const key = keyRef ?? ownKey;

  async function submit(terms: PaymentTerms) {
    key.current ??= crypto.randomUUID();
    setBusy(true);
    setError(null);
    try {
      setBegun(await review({ ...terms, idempotencyKey: key.current }));
    } catch (e) {
      setError(errorText(e));
      const again = e instanceof ApiError && e.retryable;
      setRetryable(again);
      if (!again) key.current = null;
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    if (!begun) return;
    setBusy(true);
    setError(null);
    try {
      const confirmation = await confirmWithPasskey(begun);
      const result = await pay(confirmation, begun.terms, key.current!);
      key.current = null;
      setRetryable(false);
      onPaid?.(result);
      if (keepOpen) setBegun(null);
      else onClose();
    } catch (e) {
      // Back to the form: the person reviews (a changed price, a new balance) and confirms again. A lost answer keeps
      // the key, so "Try again" cannot pay twice.
      setError(termsChanged(e) ? errorText(e) : errorText(e));
      const again = e instanceof ApiError && e.retryable;
      setRetryable(again);
      if (!again) key.current = null;
      setBegun(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={begun ? confirmTitle : title} onClose={onClose} labelId={labelId}>
      {begun ? (
        <div class="confirm-sheet" data-testid="confirm-sheet">
          <p class="confirm-headline">{headline(begun.terms)}</p>
          <dl class="terms" aria-label="What you confirm">
            {summaryLines(begun.summary, id => nameOf(id) === "You" ? "You" : `${user(id)?.displayName ?? id}`)
              .filter(l => l.key !== "chat" && l.key !== "message")
              .map(l => <div key={l.key} class={`term-${l.key}`}><dt>{l.label}</dt><dd title={l.raw}>{l.value}</dd></div>)}
          </dl>
          <p class="muted small"><Icon name="key" size={14} /> Your passkey signs exactly these details. Nothing else can be paid with it.</p>
          <ErrorNote text={error} />
          <div class="modal-actions">
            <button type="button" class="button" onClick={() => setBegun(null)} disabled={busy}>Back</button>
            <button type="button" class="button primary" onClick={confirm} disabled={busy}>
              <Icon name="key" size={16} /> {begun.method === "eip712"
                ? busy ? "Waiting for your wallet…" : "Sign with your wallet"
                : busy ? "Waiting for passkey…" : "Confirm with passkey"}
            </button>
          </div>
        </div>
      ) : children(submit, busy, error, retryable)}
    </Modal>
  );
}

/** Money for the chat: send to a member (or an outside address) with a note, or drop a red envelope. */
export function MoneyDialog({ chatId, onClose, initial = "send" }: { chatId: string; onClose: () => void; initial?: "send" | "envelope" }) {
  const [tab, setTab] = useState(initial);
  const s = useAppState();
  // A direct chat's other person is known from the chat list before its details load: they are preselected either way.
  const other = otherMember(chatId);
  const memberIds = [...new Set([...(s.details.get(chatId)?.members ?? []).map(m => m.userId), ...(other ? [other] : [])])]
    .filter(id => id !== s.me?.id);
  const [to, setTo] = useState(other ?? (memberIds.length === 1 ? memberIds[0] : ""));
  useEffect(() => { if (!to && memberIds.length === 1) setTo(memberIds[0]); }, [memberIds.length === 1 ? memberIds[0] : ""]);
  const [address, setAddress] = useState("");
  const [amount, setAmount] = useState("");
  const [note, setNote] = useState("");
  // A payment's note and greeting are stored as the service reads them; in a private chat (issue 18) they go instead as
  // an end-to-end encrypted message replying to the payment's card, sent once the card exists. The service refuses them.
  const secret = isPrivateChat(chatId);
  const [total, setTotal] = useState("");
  const [shares, setShares] = useState(String(Math.max(1, memberIds.length)));
  const [split, setSplit] = useState<"random" | "equal">("random");
  const [greeting, setGreeting] = useState("恭喜发财, best wishes!");
  const [hours, setHours] = useState("24");
  const outside = to === "outside";
  const { balance, rules } = useMoney();
  // Why Review is disabled, said under the form as the person types (the server checks the same before any passkey).
  const sendProblem = !to ? "Choose who gets it." : outside && !/^0x[0-9a-fA-F]{40}$/.test(address.trim())
    ? "Enter the outside address: 0x and 40 characters." : amountProblem(amount, balance);
  const dropProblem = envelopeProblem(total, shares, Number(hours), balance, rules, split);

  const sendTerms = (): PaymentTerms => ({
    kind: "Transfer", chatId, amount: amount.trim(), toUserId: outside ? null : to, toAddress: outside ? address.trim() : null,
  });
  const envelopeTerms = (): PaymentTerms => ({
    kind: "Envelope", chatId, amount: total.trim(), shares: Number(shares), split,
    // 24 h is the server's default: it fills it in and echoes it back with the terms.
    expiresAt: hours === "24" ? null : new Date(Math.floor(Date.now() / 1000 + Number(hours) * 3600) * 1000).toISOString(),
  });

  return (
    <PaymentDialog title={tab === "send" ? "Send ChatCoin" : "Red envelope"} labelId="money-title" onClose={onClose}
      headline={t => t.kind === "Envelope"
        ? `A red envelope of ${coins(t.amount)} CHAT in ${t.shares} ${t.split} share${t.shares === 1 ? "" : "s"}`
        : `Send ${coins(t.amount)} CHAT to ${t.toUserId ? nameOf(t.toUserId) : nameOrAddress(t.toAddress)}`}
      pay={(confirmation, t, key) => t.kind === "Envelope"
        ? postPayment<PaymentView>(`/api/chats/${chatId}/envelopes`, key,
          { total: t.amount, shares: t.shares, split: t.split, expiresAt: t.expiresAt, greeting: secret ? null : greeting.trim() || null, confirmation })
        : postPayment<PaymentView>(`/api/chats/${chatId}/transfers`, key,
          { amount: t.amount, toUserId: t.toUserId, toAddress: t.toAddress, note: secret ? null : note.trim() || null, confirmation })}
      onPaid={paid => {
        const words = (tab === "send" ? note : greeting).trim();
        if (secret && words) send(chatId, words, (paid as PaymentView | undefined)?.messageId ?? null);
        toast(tab === "send" ? "Payment sent. Follow it in the chat." : "Envelope dropped. It opens once the chain has it.", "info");
      }}>
      {(submit, busy, error) => (
        <>
          <div class="segmented" role="tablist" aria-label="Kind of payment">
            <button role="tab" aria-selected={tab === "send"} class={tab === "send" ? "on" : ""} onClick={() => setTab("send")}>Send money</button>
            <button role="tab" aria-selected={tab === "envelope"} class={tab === "envelope" ? "on" : ""} onClick={() => setTab("envelope")}>🧧 Red envelope</button>
          </div>
          {secret && <PrivatePaymentNote />}
          {tab === "send" ? (
            <form onSubmit={e => { e.preventDefault(); submit(sendTerms()); }}>
              <label class="field">
                <span>To</span>
                <select name="to" value={to} onChange={e => setTo(e.currentTarget.value)} required>
                  <option value="" disabled>Choose who gets it</option>
                  {memberIds.map(id => <option key={id} value={id}>{nameOf(id)}</option>)}
                  <option value="outside">An outside address…</option>
                </select>
              </label>
              {outside && (
                <label class="field">
                  <span>Outside address</span>
                  <input name="address" value={address} onInput={e => setAddress(e.currentTarget.value)} placeholder="0x…" spellcheck={false} required />
                </label>
              )}
              <label class="field">
                <span>Amount (CHAT)</span>
                <input name="amount" value={amount} onInput={e => setAmount(e.currentTarget.value)} inputMode="decimal" placeholder="0.00" required />
                <small>You have {balance === null ? "…" : coins(fullCoins(balance))} CHAT.</small>
              </label>
              <label class="field">
                <span>{secret ? "Note (optional, end-to-end encrypted)" : "Note (optional)"}</span>
                <input name="note" value={note} onInput={e => setNote(e.currentTarget.value)} maxLength={500} placeholder="What's it for?" />
              </label>
              <ErrorNote text={error} />
              <div class="modal-actions">
                <button type="button" class="button" onClick={onClose}>Cancel</button>
                <button type="submit" class="button primary" disabled={busy || !!sendProblem}>{busy ? "Checking…" : "Review"}</button>
              </div>
              <WhyDisabled problem={amount.trim() || to ? sendProblem : null} />
            </form>
          ) : (
            <form onSubmit={e => { e.preventDefault(); submit(envelopeTerms()); }}>
              <div class="field-row">
                <label class="field">
                  <span>Total (CHAT)</span>
                  <input name="total" value={total} onInput={e => setTotal(e.currentTarget.value)} inputMode="decimal" placeholder="0.00" required />
                </label>
                <label class="field">
                  <span>Shares</span>
                  <input name="shares" type="number" min={1} value={shares} onInput={e => setShares(e.currentTarget.value)} required />
                </label>
              </div>
              <small class="field-hint">You have {balance === null ? "…" : coins(fullCoins(balance))} CHAT. Each share gets at least
                {" "}{coins(rules?.minEnvelopeShare ?? "0.01")} CHAT; at most {maxEnvelopeShares(rules, split).toLocaleString()} shares{split === "random" ? " in a random split" : ""}.</small>
              <fieldset class="field radios">
                <legend>Split</legend>
                <label><input type="radio" name="split" checked={split === "random"} onChange={() => setSplit("random")} /> Random (lucky draw)</label>
                <label><input type="radio" name="split" checked={split === "equal"} onChange={() => setSplit("equal")} /> Equal</label>
              </fieldset>
              <label class="field">
                <span>{secret ? "Greeting (end-to-end encrypted)" : "Greeting"}</span>
                <input name="greeting" value={greeting} onInput={e => setGreeting(e.currentTarget.value)} maxLength={200} />
              </label>
              <label class="field">
                <span>Expires after</span>
                <select name="expires" value={hours} onChange={e => setHours(e.currentTarget.value)}>
                  <option value="1">1 hour</option>
                  <option value="6">6 hours</option>
                  <option value="24">24 hours</option>
                  <option value="72">3 days</option>
                  <option value="168">7 days</option>
                </select>
                <small>Whatever nobody opens by then goes back to you by itself.</small>
              </label>
              <ErrorNote text={error} />
              <div class="modal-actions">
                <button type="button" class="button" onClick={onClose}>Cancel</button>
                <button type="submit" class="button primary" disabled={busy || !!dropProblem}>{busy ? "Checking…" : "Review"}</button>
              </div>
              <WhyDisabled problem={total.trim() ? dropProblem : null} />
            </form>
          )}
        </>
      )}
    </PaymentDialog>
  );
}

/** The reason a form's Review button is disabled, in words, next to it. */
export function WhyDisabled({ problem }: { problem: string | null }) {
  if (!problem) return null;
  return <p class="why-disabled" data-testid="why-disabled" role="status">{problem}</p>;
}

export function TipDialog({ m, onClose }: { m: MessageView; onClose: () => void }) {
  const [amount, setAmount] = useState("1");
  const { balance } = useMoney();
  const problem = amountProblem(amount, balance);
  return (
    <PaymentDialog title={`Tip ${nameOf(m.senderId)}`} labelId="tip-title" onClose={onClose}
      headline={t => `Tip ${nameOf(m.senderId)} ${coins(t.amount)} CHAT for their message`}
      pay={(confirmation, t, key) => postPayment(`/api/chats/${m.chatId}/messages/${m.id}/tips`, key, { amount: t.amount, confirmation })}
      onPaid={() => toast(`Tip on its way to ${nameOf(m.senderId)}.`, "info")}>
      {(submit, busy, error) => (
        <form onSubmit={e => { e.preventDefault(); submit({ kind: "Tip", chatId: m.chatId, amount: amount.trim(), messageId: m.id }); }}>
          <blockquote class="tip-quote">{m.text}</blockquote>
          {isPrivateChat(m.chatId) && <PrivatePaymentNote />}
          <div class="quick-amounts" role="group" aria-label="Quick amounts">
            {["1", "2", "5", "10"].map(a => (
              <button type="button" key={a} class={`chip-button ${amount === a ? "active" : ""}`} onClick={() => setAmount(a)}>{a} CHAT</button>
            ))}
          </div>
          <label class="field">
            <span>Amount (CHAT)</span>
            <input name="amount" value={amount} onInput={e => setAmount(e.currentTarget.value)} inputMode="decimal" required />
          </label>
          <ErrorNote text={error} />
          <div class="modal-actions">
            <button type="button" class="button" onClick={onClose}>Cancel</button>
            <button type="submit" class="button primary" disabled={busy || !!problem}>{busy ? "Checking…" : "Review tip"}</button>
          </div>
          <WhyDisabled problem={problem} />
        </form>
      )}
    </PaymentDialog>
  );
}

// ---------- payment messages ----------

export function payloadOf(m: MessageView): any {
  if (!m.payload) return {};
  try { return JSON.parse(m.payload); } catch { return {}; }
}

type Status = "pending" | "confirmed" | "failed";
const statusOf = (s: string | undefined): Status => s === "Confirmed" ? "confirmed" : s === "Failed" ? "failed" : "pending";

function ChainStatus({ p }: { p: any }) {
  const status = statusOf(p.status);
  return (
    <div class={`pay-status ${status}`} data-status={status}>
      {status === "pending" && <><span class="spinner small" aria-hidden="true" /> Pending on the chain…</>}
      {status === "confirmed" && <>✓ Confirmed{p.blockNumber ? ` in block ${p.blockNumber}` : ""}</>}
      {status === "failed" && <>✕ Failed{p.failureReason ? `: ${p.failureReason}` : ""}</>}
      {p.txHash && <code class="tx" title={p.txHash}>tx {shortAddress(p.txHash)}</code>}
    </div>
  );
}

export function TransferCard({ m }: { m: MessageView }) {
  const p = payloadOf(m);
  const to = p.toUserId ? nameOf(p.toUserId) : nameOrAddress(p.to);
  return (
    <div class="pay-card transfer" data-testid="transfer">
      <div class="pay-title"><span class="pay-icon" aria-hidden="true">💸</span> {nameOf(m.senderId)} sent <strong>{coins(p.amount)} CHAT</strong> to {to}</div>
      {m.text && <p class="pay-note">“{m.text}”</p>}
      <ChainStatus p={p} />
    </div>
  );
}

export function TipCard({ m }: { m: MessageView }) {
  const p = payloadOf(m);
  return (
    <div class="pay-card tip" data-testid="tip">
      <div class="pay-title"><span class="pay-icon" aria-hidden="true">🪙</span> {nameOf(m.senderId)} tipped {p.toUserId ? nameOf(p.toUserId) : "the author"} <strong>{coins(p.amount)} CHAT</strong></div>
      <ChainStatus p={p} />
    </div>
  );
}

/** Under a tipped message: the total and who tipped (from the message's payload.tips). */
export function TipsLine({ m }: { m: MessageView }) {
  const tips = payloadOf(m).tips;
  if (!tips || !tips.by?.length) return null;
  const by: { userId: string; amount: string }[] = tips.by;
  const names = [...new Set(by.map(t => nameOf(t.userId)))];
  return (
    <div class="tips-line" data-testid="tips" title={by.map(t => `${nameOf(t.userId)}: ${coins(t.amount)} CHAT`).join("\n")}>
      🪙 <strong data-testid="tips-total">{coins(tips.total)} CHAT</strong> tipped by {names.join(", ")}
    </div>
  );
}

const opening = new Set<string>();

export function EnvelopeCard({ m }: { m: MessageView }) {
  useAppState();
  const p = payloadOf(m);
  const me = state.me?.id;
  // A Fair envelope's claim has no amount until the reveal draws and pays it (null amount).
  const claims: { userId: string; amount: string | null }[] = p.claims ?? [];
  const mine = claims.find(c => c.userId === me);
  const expired = p.expiresAt && new Date(p.expiresAt).getTime() < Date.now();
  const stateName: string = p.state ?? "pending";
  const open = stateName === "open" && !expired;
  const [busy, setBusy] = useState(opening.has(m.id) && !mine);

  async function openIt() {
    opening.add(m.id);
    setBusy(true);
    try {
      await api.post(`/api/chats/${m.chatId}/envelopes/${m.id}/open`);
    } catch (e) {
      opening.delete(m.id);
      setBusy(false);
      toast(errorText(e));
    }
  }

  const label = stateName === "pending" ? "Sealing on the chain…"
    : stateName === "failed" ? `Couldn't be created${p.failureReason ? `: ${p.failureReason}` : ""}`
    : stateName === "refunded" ? `Expired · ${coins(p.refunded)} CHAT went back to ${nameOf(m.senderId)}`
    : stateName === "drawing" ? "All shares taken · drawing the amounts…"
    : stateName === "empty" ? "All shares taken"
    : expired ? `Expired · the rest goes back to ${nameOf(m.senderId)}`
    : `${claims.length} of ${p.shares} opened · expires ${new Date(p.expiresAt).toLocaleString([], { dateStyle: "short", timeStyle: "short" })}`;

  return (
    <div class={`envelope ${open ? "is-open" : "is-closed"}`} data-testid="envelope" data-state={expired && stateName === "open" ? "expired" : stateName}>
      <div class="envelope-top">
        <span class="envelope-seal" aria-hidden="true">🧧</span>
        <div>
          <p class="envelope-greeting">{m.text || "Best wishes!"}</p>
          <p class="envelope-terms">{coins(p.total)} CHAT · {p.shares} {p.split === "equal" ? "equal" : "random"} share{p.shares === 1 ? "" : "s"} · from {nameOf(m.senderId)}</p>
        </div>
      </div>
      {mine && mine.amount === null ? (
        <p class="envelope-mine" data-testid="my-share" data-amount="">Claimed: your amount is drawn when the envelope closes</p>
      ) : mine && mine.amount !== null ? (
        <p class="envelope-mine" data-testid="my-share" data-amount={mine.amount} title={`${mine.amount} CHAT`}>You got <strong>{coins(mine.amount)} CHAT</strong>{p.luckiest === me && claims.length > 1 && <span class="lucky">🎉 The luckiest draw!</span>}</p>
      ) : open ? (
        <button class="button envelope-open" onClick={openIt} disabled={busy} aria-label="Open red envelope">{busy ? "Opening…" : "Open"}</button>
      ) : null}
      <p class="envelope-state" data-testid="envelope-state">{label}</p>
      {p.envelopeId && <EnvelopeVerify envelopeId={p.envelopeId} />}
      {claims.length > 0 && (
        <ul class="claims" aria-label="Who got how much">
          {claims.map(c => (
            <li key={c.userId} data-claimer={c.userId} data-amount={c.amount ?? ""} title={c.amount === null ? "drawn when the envelope closes" : `${c.amount} CHAT`} class={c.userId === p.luckiest ? "luckiest" : ""}>
              <span>{nameOf(c.userId)}{c.userId === p.luckiest && claims.length > 1 && <span class="luck-badge">👑 Luckiest</span>}</span>
              <strong>{c.amount === null ? "drawn at close" : `${coins(c.amount)} CHAT`}</strong>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

type EnvelopeVerification = {
  state: string; matches?: boolean | null; shares: number; mismatch?: string | null;
  paid: { position: number; claimer: string; expected: string; paid: string; matches: boolean }[];
};

/** "Verify this envelope": the server recomputes every share of a Fair envelope from chain data and compares it with what was paid. */
function EnvelopeVerify({ envelopeId }: { envelopeId: string }) {
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function verify() {
    setBusy(true);
    try {
      const v = await api.get<EnvelopeVerification>(`/api/envelopes/${envelopeId}/verification`);
      setResult(v.state === "not_fair" ? "Not a Fair envelope (an equal split, or a random one drawn at each claim): nothing to verify"
        : v.state === "open" || v.state === "closed" ? "Not revealed yet: the shares are drawn when the envelope closes"
        : v.matches ? `✓ all ${v.paid.length} share${v.paid.length === 1 ? "" : "s"} match${v.state === "settled_equally" ? " (settled equally)" : ""}`
        : `✗ ${v.mismatch ?? "a share does not match"}`);
    } catch (e) {
      setResult(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <p class="envelope-verify">
      <button class="link" onClick={verify} disabled={busy} data-testid="verify-envelope">{busy ? "Verifying…" : "Verify this envelope"}</button>
      {result && <span data-testid="envelope-verification"> {result}</span>}
    </p>
  );
}

/** A proposal in the governance group: live state and tally from its payload; the governance screen has the rest. */
export function ProposalCard({ m }: { m: MessageView }) {
  const p = payloadOf(m);
  return (
    <div class="pay-card proposal" data-testid="proposal-message">
      <div class="pay-title"><span class="pay-icon" aria-hidden="true">🗳️</span> <strong>{m.text ?? "Proposal"}</strong></div>
      <div class="proposal-line"><span class={`state-badge ${String(p.state).toLowerCase()}`}>{p.state}</span>
        <span>For {coins(p.for)} · Against {coins(p.against)} · Abstain {coins(p.abstain)}</span></div>
      <div class="quorum small-bar" role="progressbar" aria-label="Quorum" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round((p.quorumProgress ?? 0) * 100)}>
        <span style={{ width: `${Math.round((p.quorumProgress ?? 0) * 100)}%` }} />
      </div>
      {p.proposalId && <button class="link" onClick={() => navigate(`/governance/${p.proposalId}`)}>Open to vote →</button>}
    </div>
  );
}

/** Said where money meets a private chat: the messages are end-to-end encrypted, the payments are on chain. */
function PrivatePaymentNote() {
  return (
    <p class="muted small" data-testid="private-payment-note">
      🔒 This chat is end-to-end encrypted, but payments are not: the service and anyone reading the chain see the amount, who paid and who
      was paid, and the payment's card in the chat. A note or greeting is not part of the payment: it follows the card as an encrypted
      message that only this chat's members can read.
    </p>
  );
}

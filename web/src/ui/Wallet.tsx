import { useEffect, useRef, useState } from "preact/hooks";
import { api, errorText, request } from "../api";
import { navigate } from "../router";
import { addPasskey } from "../passkeys";
import { PrivateDevices } from "./PrivateDevices";
import { findPayees } from "../chat/addresses";
import type { AddressName, ExportedKey, HistoryEntry, HistoryPage, PasskeyView, ReceiveView, TransferStatus, TransferView, WalletView } from "../types";
import { ErrorNote, Icon, Modal, shortAddress, shortTime } from "./common";
import { PaymentDialog, WhyDisabled } from "./Payments";
import { amountProblem, coins, parseUnits } from "../money";
import { nameOrAddress, Who } from "./Who";
import { WhereCoinsComeFrom } from "./Rewards";

const pending = (s: TransferStatus) => s === "Requested" || s === "Signed" || s === "Broadcast";
const statusLabel = (s: TransferStatus) => pending(s) ? "Pending" : s === "Confirmed" ? "Confirmed" : "Failed";

const formatCoins = coins;

/** An amount grouped with at most 6 decimals; a tap shows every decimal (and a second tap hides them again). */
function Amount({ value }: { value: string }) {
  const [full, setFull] = useState(false);
  const short = coins(value);
  if ((value.split(".")[1] ?? "").replace(/0+$/, "").length <= 6) return <>{short}</>;
  return (
    <button type="button" class="amount-toggle" onClick={() => setFull(f => !f)} title={full ? "Show less" : "Show every decimal"}
      data-testid="amount">{full ? value : short}</button>
  );
}

function copy(text: string) {
  navigator.clipboard?.writeText(text).catch(() => {});
}

export function WalletScreen() {
  const [wallet, setWallet] = useState<WalletView | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [page, setPage] = useState(1);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"send" | "receive" | "withdraw" | "export" | null>(null);

  async function refresh() {
    try {
      const [w, h] = await Promise.all([api.get<WalletView>("/api/wallet"), api.get<HistoryPage>(`/api/wallet/history?page=1&pageSize=${20 * page}`)]);
      setWallet(w);
      setHistory(h.items);
      setHasMore(h.hasMore);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }

  useEffect(() => { refresh(); }, [page]);

  // While anything is on its way, look again every few seconds: it turns confirmed once mined.
  const anyPending = history.some(h => pending(h.status)) || (wallet && Number(wallet.pendingOut) > 0);
  useEffect(() => {
    const timer = setInterval(refresh, anyPending ? 2000 : 10000);
    return () => clearInterval(timer);
  }, [anyPending, page]);

  return (
    <section class="panel wallet" aria-labelledby="wallet-title">
      <header class="panel-head">
        <button class="icon-button back" onClick={() => navigate("/chats")} aria-label="Back to chats"><Icon name="back" /></button>
        <h1 id="wallet-title">Wallet</h1>
      </header>
      <div class="panel-body">
        <ErrorNote text={error} />
        <div class="balance-card">
          <span class="balance-label">ChatCoin balance</span>
          <div class="balance" data-testid="balance">
            {wallet ? <Amount value={wallet.chat} /> : "—"} <span class="unit">CHAT</span>
          </div>
          <div class="balance-sub">
            {wallet && Number(wallet.pendingOut) > 0 && <span>{formatCoins(wallet.pendingOut)} CHAT on its way out · </span>}
            <span>{wallet ? Number(wallet.eth) > 0 ? `${formatCoins(wallet.eth)} ETH` : "No gas needed: we pay the network fee" : ""}</span>
          </div>
          {wallet && (
            <button class="address" onClick={() => copy(wallet.address)} title="Copy address" aria-label={`Your address ${wallet.address}. Copy`}>
              {shortAddress(wallet.address)} <Icon name="copy" size={14} />
            </button>
          )}
          <div class="balance-actions">
            <button class="button on-dark" onClick={() => setDialog("send")}><Icon name="arrowUp" size={18} /> Send</button>
            <button class="button on-dark" onClick={() => setDialog("receive")}><Icon name="arrowDown" size={18} /> Receive</button>
          </div>
        </div>

        {wallet && <WhereCoinsComeFrom empty={Number(wallet.chat) === 0} onReceive={() => setDialog("receive")} />}

        <h2 class="section-title">Activity</h2>
        {history.length === 0 && <p class="muted">No transfers yet. Coins you send or receive show up here.</p>}
        <ul class="history" aria-label="Transfers">
          {history.map(h => (
            <li key={h.id} class={`history-item ${h.direction.toLowerCase()}`} data-status={statusLabel(h.status).toLowerCase()}>
              <span class="history-icon" aria-hidden="true"><Icon name={h.direction === "Outgoing" ? "arrowUp" : "arrowDown"} size={18} /></span>
              <span class="history-text">
                <strong>{h.label ? <span data-testid="history-label">{h.label}</span> : <Who address={h.counterparty} label={h.direction === "Outgoing" ? "To" : "From"} />}</strong>
                <span class="muted small">{shortTime(h.at)}{h.txHash ? ` · ${shortAddress(h.txHash)}` : ""}</span>
              </span>
              <span class="history-amount">
                <span>{h.direction === "Outgoing" ? "−" : "+"}{formatCoins(h.amount)} {h.token}</span>
                <span class={`status ${statusLabel(h.status).toLowerCase()}`}>{statusLabel(h.status)}</span>
              </span>
            </li>
          ))}
        </ul>
        {hasMore && <button class="button" onClick={() => setPage(p => p + 1)}>Show more</button>}

        <h2 class="section-title">Payments in chats</h2>
        <PasskeyThreshold />

        <h2 class="section-title">Devices</h2>
        <Devices />
        <PrivateDevices />

        <h2 class="section-title">Leave custody</h2>
        <div class="danger-zone">
          <div>
            <strong>Withdraw everything</strong>
            <p class="muted small">Move all your ChatCoin to a wallet you control, such as MetaMask.</p>
            <button class="button danger-outline" onClick={() => setDialog("withdraw")}>Withdraw…</button>
          </div>
          <div>
            <strong>Export private key</strong>
            <p class="muted small">Show the key of this wallet so you can import it elsewhere.</p>
            <button class="button danger-outline" onClick={() => setDialog("export")}><Icon name="key" size={16} /> Export key…</button>
          </div>
        </div>
      </div>
      {dialog === "send" && wallet && <SendDialog wallet={wallet} onClose={() => setDialog(null)} onSent={refresh} />}
      {dialog === "receive" && <ReceiveDialog onClose={() => setDialog(null)} />}
      {dialog === "withdraw" && wallet && <WithdrawDialog wallet={wallet} onClose={() => setDialog(null)} onSent={refresh} />}
      {dialog === "export" && wallet && <ExportDialog onClose={() => setDialog(null)} />}
    </section>
  );
}

/** Follows a transfer until it is mined or fails. */
function useTransfer(initial: TransferView | null) {
  const [transfer, setTransfer] = useState(initial);
  useEffect(() => {
    if (!transfer || !pending(transfer.status)) return;
    const timer = setTimeout(() => api.get<TransferView>(`/api/wallet/transfers/${transfer.id}`).then(setTransfer).catch(() => {}), 1500);
    return () => clearTimeout(timer);
  }, [transfer]);
  return [transfer, setTransfer] as const;
}

function TransferStatusNote({ t }: { t: TransferView }) {
  return (
    <div class={`transfer-status ${statusLabel(t.status).toLowerCase()}`} role="status" data-status={statusLabel(t.status).toLowerCase()}>
      <strong>{pending(t.status) ? "On its way…" : t.status === "Confirmed" ? "Sent and confirmed" : "It didn't go through"}</strong>
      <span>{formatCoins(t.amount)} {t.token} to {nameOrAddress(t.to)}{t.blockNumber ? ` · block ${t.blockNumber}` : ""}</span>
      {t.failureReason && <span>{t.failureReason}</span>}
    </div>
  );
}

/**
 * Send from the wallet: the form, then the confirmation sheet with the server's exact terms, then the passkey. One key
 * per transfer: "Try again" after a lost answer confirms again under the same key, and the server pays once.
 */
function SendDialog({ wallet, onClose, onSent }: { wallet: WalletView; onClose: () => void; onSent: () => void }) {
  const [to, setTo] = useState("");
  const [payee, setPayee] = useState<AddressName | null>(null);
  const [suggestions, setSuggestions] = useState<AddressName[]>([]);
  const [amount, setAmount] = useState("");
  const [contract, setContract] = useState(false);
  const [transfer, setTransfer] = useTransfer(null);
  const key = useRef<string | null>(null);
  const changed = () => { key.current = null; };
  const typed = to.trim();
  const isAddress = /^0x/i.test(typed);
  // An exact @handle resolves without picking it from the list, as messengers do.
  const exact = payee ?? suggestions.find(p => typed.replace(/^@/, "").toLowerCase() === p.handle);
  const address = exact?.address ?? (isAddress ? typed : "");
  const problem = !address ? (isAddress ? "An address is 0x and 40 characters." : "Choose a person, or type an address.")
    : amountProblem(amount, parseUnits(wallet.chat));

  // Contacts first (empty field), then whoever matches what is typed: @username or a name.
  useEffect(() => {
    if (payee || isAddress) { setSuggestions([]); return; }
    const timer = setTimeout(() => findPayees(typed).then(setSuggestions).catch(() => setSuggestions([])), typed ? 200 : 0);
    return () => clearTimeout(timer);
  }, [typed, payee, isAddress]);

  if (transfer) return (
    <Modal title="Send ChatCoin" onClose={onClose} labelId="send-title">
      <TransferStatusNote t={transfer} />
      <div class="modal-actions"><button class="button primary" onClick={onClose}>Done</button></div>
    </Modal>
  );
  return (
    <PaymentDialog title="Send ChatCoin" labelId="send-title" onClose={onClose} keepOpen keyRef={key}
      headline={t => `Send ${formatCoins(t.amount ?? "0")} CHAT to ${nameOrAddress(t.toAddress)}`}
      pay={async (confirmation, t, k) => {
        const sent = await api.post<TransferView>("/api/wallet/transfers",
          { to: address, amount: t.amount, token: "CHAT", acknowledgeContractRecipient: t.acknowledgeContractRecipient ?? null, confirmation },
          { "Idempotency-Key": k });
        setTransfer(sent);
        onSent();
        return sent;
      }}>
      {(submit, busy, error, retryable) => (
        <form onSubmit={e => { e.preventDefault(); submit({ kind: "WalletTransfer", chatId: null, to: address, amount: amount.trim(), token: "CHAT",
          acknowledgeContractRecipient: contract || null }); }}>
          {payee ? (
            <div class="field">
              <span>To</span>
              <div class="payee" data-testid="payee">
                <span class="payee-text"><strong>{payee.name}</strong> <span class="muted">@{payee.handle}</span>
                  <code class="muted small">{payee.address}</code></span>
                <button type="button" class="icon-button" aria-label="Change recipient" onClick={() => { setPayee(null); setTo(""); changed(); }}><Icon name="close" size={16} /></button>
              </div>
            </div>
          ) : (
            <label class="field">
              <span>To</span>
              <input name="to" value={to} onInput={e => { setTo(e.currentTarget.value); changed(); }} placeholder="@username, a contact's name, or 0x address"
                required spellcheck={false} autoFocus autoComplete="off" />
            </label>
          )}
          {!payee && suggestions.length > 0 && (
            <ul class="payees" aria-label={typed ? "Matching people" : "Your contacts"}>
              {suggestions.map(p => (
                <li key={p.address}>
                  <button type="button" class="payee-option" data-handle={p.handle} onClick={() => { setPayee(p); setTo(`@${p.handle}`); changed(); }}>
                    <strong>{p.name}</strong> <span class="muted">@{p.handle}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <label class="field">
            <span>Amount (CHAT)</span>
            <input name="amount" value={amount} onInput={e => { setAmount(e.currentTarget.value); changed(); }} inputMode="decimal" placeholder="0.00" required />
            <small>Available: {formatCoins(wallet.chat)} CHAT. No gas fee: we pay it.</small>
          </label>
          {error?.includes("contract") && (
            <label class="check-field">
              <input type="checkbox" checked={contract} onChange={e => { setContract(e.currentTarget.checked); changed(); }} />
              <span>I know this address is a contract and that it can handle ChatCoin.</span>
            </label>
          )}
          <ErrorNote text={error} />
          <div class="modal-actions">
            <button type="button" class="button" onClick={onClose}>Cancel</button>
            <button type="submit" class="button primary" disabled={busy || !!problem}>{busy ? "Checking…" : retryable ? "Try again" : "Send"}</button>
          </div>
          <WhyDisabled problem={typed || amount.trim() ? problem : null} />
        </form>
      )}
    </PaymentDialog>
  );
}

function ReceiveDialog({ onClose }: { onClose: () => void }) {
  const [amount, setAmount] = useState("");
  const [receive, setReceive] = useState<ReceiveView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = amount.trim() ? `?amount=${encodeURIComponent(amount.trim())}` : "";

  useEffect(() => {
    const timer = setTimeout(() => api.get<ReceiveView>(`/api/wallet/receive${query}`)
      .then(r => { setReceive(r); setError(null); }).catch(e => setError(errorText(e))), 250);
    return () => clearTimeout(timer);
  }, [query]);

  return (
    <Modal title="Receive ChatCoin" onClose={onClose} labelId="receive-title">
      <p class="muted">Scan with any Ethereum wallet, or share the address. Only send ChatCoin (CHAT) on chain {receive?.chainId ?? "…"}.</p>
      <div class="qr">
        {receive && !error && <img src={`/api/wallet/receive/qr${query}`} alt="QR code for your ChatCoin address" width={240} height={240} data-testid="receive-qr" />}
      </div>
      <label class="field">
        <span>Ask for an amount (optional)</span>
        <input name="amount" value={amount} onInput={e => setAmount(e.currentTarget.value)} inputMode="decimal" placeholder="Any amount" />
      </label>
      <ErrorNote text={error} />
      {receive && (
        <>
          <div class="copy-row">
            <code data-testid="receive-address">{receive.address}</code>
            <button class="icon-button" onClick={() => copy(receive.address)} aria-label="Copy address"><Icon name="copy" size={16} /></button>
          </div>
          <div class="copy-row">
            <code class="uri" data-testid="receive-uri">{receive.uri}</code>
            <button class="icon-button" onClick={() => copy(receive.uri)} aria-label="Copy payment link"><Icon name="copy" size={16} /></button>
          </div>
        </>
      )}
    </Modal>
  );
}

function WithdrawDialog({ wallet, onClose, onSent }: { wallet: WalletView; onClose: () => void; onSent: () => void }) {
  const [to, setTo] = useState("");
  const [understood, setUnderstood] = useState(false);
  const [transfer, setTransfer] = useTransfer(null);
  const key = useRef<string | null>(null);

  if (transfer) return (
    <Modal title="Withdraw everything" onClose={onClose} labelId="withdraw-title">
      <TransferStatusNote t={transfer} />
      <div class="modal-actions"><button class="button primary" onClick={onClose}>Done</button></div>
    </Modal>
  );
  // Withdrawing everything always asks for the passkey, whatever the threshold for small payments.
  return (
    <PaymentDialog title="Withdraw everything" labelId="withdraw-title" onClose={onClose} keepOpen keyRef={key} confirmTitle="Confirm withdrawal"
      headline={t => `Withdraw all ${formatCoins(wallet.chat)} CHAT to ${shortAddress(t.toAddress ?? "")}`}
      pay={async (confirmation, _t, k) => {
        const sent = await api.post<TransferView>("/api/wallet/withdraw", { to: to.trim(), confirmation }, { "Idempotency-Key": k });
        setTransfer(sent);
        onSent();
        return sent;
      }}>
      {(submit, busy, error) => (
        <form onSubmit={e => { e.preventDefault(); submit({ kind: "Withdraw", chatId: null, amount: "", to: to.trim() }); }}>
          <div class="warning" role="note">
            <Icon name="alert" />
            <div>
              <strong>All {formatCoins(wallet.chat)} CHAT will leave this app.</strong>
              <p>Blockchain transfers can't be undone. If the address is wrong or isn't yours, the coins are gone for good and nobody, including us, can get them back.</p>
            </div>
          </div>
          <label class="field">
            <span>Your outside wallet address</span>
            <input name="to" value={to} onInput={e => { setTo(e.currentTarget.value); key.current = null; }} placeholder="0x…" required spellcheck={false} />
          </label>
          <label class="check-field">
            <input type="checkbox" checked={understood} onChange={e => setUnderstood(e.currentTarget.checked)} />
            <span>I checked the address and I understand this can't be undone.</span>
          </label>
          <ErrorNote text={error} />
          <div class="modal-actions">
            <button type="button" class="button" onClick={onClose}>Cancel</button>
            <button type="submit" class="button danger" disabled={busy || !understood}>{busy ? "Checking…" : "Withdraw all"}</button>
          </div>
        </form>
      )}
    </PaymentDialog>
  );
}

/** The private key, only after the passkey confirms this export (a session alone never reads it). */
function ExportDialog({ onClose }: { onClose: () => void }) {
  const [key, setKey] = useState<ExportedKey | null>(null);
  const [shown, setShown] = useState(false);
  const close = () => { setKey(null); onClose(); };

  const warning = (
    <div class="warning" role="note">
      <Icon name="alert" />
      <div>
        <strong>Anyone who sees this key owns your coins.</strong>
        <p>Never share it, paste it into a website or send it in a chat. Our team will never ask for it. Make sure nobody is looking at your screen.</p>
      </div>
    </div>
  );
  // The key lives in this dialog only: closing it forgets it.
  if (key) return (
    <Modal title="Export private key" onClose={close} labelId="export-title">
      {warning}
      <div class="copy-row secret">
        <code data-testid="private-key">{shown ? key.privateKey : "•".repeat(32)}</code>
        <button class="button small" onClick={() => setShown(s => !s)}>{shown ? "Hide" : "Reveal"}</button>
        <button class="icon-button" onClick={() => copy(key.privateKey)} aria-label="Copy private key"><Icon name="copy" size={16} /></button>
      </div>
      <div class="modal-actions"><button class="button primary" onClick={close}>I saved it, close</button></div>
    </Modal>
  );
  return (
    <PaymentDialog title="Export private key" labelId="export-title" onClose={close} keepOpen confirmTitle="Confirm key export"
      headline={() => "Show the private key of this wallet"}
      pay={async (confirmation, _t, k) => {
        const exported = await api.post<ExportedKey>("/api/wallet/export", { idempotencyKey: k, confirmation });
        setKey(exported);
        return exported;
      }}>
      {(submit, busy, error) => (
        <form onSubmit={e => { e.preventDefault(); submit({ kind: "ExportKey", chatId: null, amount: "" }); }}>
          {warning}
          <ErrorNote text={error} />
          <div class="modal-actions">
            <button type="button" class="button" onClick={close}>Cancel</button>
            <button type="submit" class="button danger" disabled={busy}>Show my key</button>
          </div>
        </form>
      )}
    </PaymentDialog>
  );
}

/**
 * The account's devices (passkeys): name, added, last used; rename, remove (never the last one) and add this device,
 * each confirmed with a passkey over its exact terms. Changes made elsewhere arrive over the hub ("DevicesChanged").
 */
function Devices() {
  const [passkeys, setPasskeys] = useState<PasskeyView[] | null>(null);
  const [action, setAction] = useState<{ kind: "add" } | { kind: "rename" | "remove"; passkey: PasskeyView } | null>(null);
  const [name, setName] = useState("");
  const refresh = () => api.get<PasskeyView[]>("/api/auth/passkeys").then(setPasskeys).catch(() => {});
  useEffect(() => {
    refresh();
    window.addEventListener("openchat:devices-changed", refresh);
    return () => window.removeEventListener("openchat:devices-changed", refresh);
  }, []);

  const open = (next: typeof action) => { setName(next?.kind === "rename" ? next.passkey.name : next?.kind === "add" ? `Passkey ${(passkeys?.length ?? 0) + 1}` : ""); setAction(next); };
  const done = () => { setAction(null); refresh(); };

  return (
    <div class="devices" data-testid="devices">
      <ul class="device-list" aria-label="Passkeys">
        {(passkeys ?? []).map(p => (
          <li key={p.id} class="device" data-testid="device">
            <span class="device-text">
              <strong>{p.name}</strong>
              <span class="muted small">Added {shortTime(p.createdAt)}{p.lastUsedAt ? ` · last used ${shortTime(p.lastUsedAt)}` : ""}</span>
            </span>
            <button class="button small" onClick={() => open({ kind: "rename", passkey: p })} aria-label={`Rename ${p.name}`}>Rename…</button>
            <button class="button small danger-outline" onClick={() => open({ kind: "remove", passkey: p })} aria-label={`Remove ${p.name}`}
              disabled={(passkeys?.length ?? 0) <= 1} title={(passkeys?.length ?? 0) <= 1 ? "Your only passkey stays" : undefined}>Remove…</button>
          </li>
        ))}
      </ul>
      <button class="button" onClick={() => open({ kind: "add" })}><Icon name="key" size={16} /> Add a passkey…</button>
      {action && (
        <PaymentDialog labelId="device-title" onClose={() => setAction(null)} onPaid={done} confirmTitle="Confirm device change"
          title={action.kind === "add" ? "Add a passkey" : action.kind === "rename" ? "Rename passkey" : "Remove passkey"}
          headline={t => t.kind === "PasskeyAdd" ? `Add a passkey named “${name.trim()}”`
            : t.kind === "PasskeyRename" ? `Rename “${action.kind !== "add" ? action.passkey.name : ""}” to “${name.trim()}”`
            : `Remove “${action.kind !== "add" ? action.passkey.name : ""}”: it will no longer sign in or confirm anything`}
          pay={(confirmation, _t, k) => action.kind === "add" ? addPasskey(name.trim(), k, confirmation)
            : action.kind === "rename" ? api.patch<PasskeyView>(`/api/auth/passkeys/${action.passkey.id}`, { name: name.trim(), confirmation })
            : request<PasskeyView>("DELETE", `/api/auth/passkeys/${action.passkey.id}`, { confirmation })}>
          {(submit, busy, error) => (
            <form onSubmit={e => {
              e.preventDefault();
              submit(action.kind === "add" ? { kind: "PasskeyAdd", chatId: null, amount: "", name: name.trim() }
                : action.kind === "rename" ? { kind: "PasskeyRename", chatId: null, amount: "", passkeyId: action.passkey.id, name: name.trim() }
                : { kind: "PasskeyRemove", chatId: null, amount: "", passkeyId: action.passkey.id });
            }}>
              {action.kind === "remove"
                ? <p>“{action.passkey.name}” will no longer sign in or confirm payments. Remove it if the device is lost or no longer yours.</p>
                : (
                  <label class="field">
                    <span>Passkey name</span>
                    <input name="passkey-name" value={name} onInput={e => setName(e.currentTarget.value)} maxLength={64} required autoFocus />
                  </label>
                )}
              <ErrorNote text={error} />
              <div class="modal-actions">
                <button type="button" class="button" onClick={() => setAction(null)}>Cancel</button>
                <button type="submit" class={action.kind === "remove" ? "button danger" : "button primary"} disabled={busy}>Review</button>
              </div>
            </form>
          )}
        </PaymentDialog>
      )}
    </div>
  );
}

/** The amount below which a payment in a chat needs no passkey (default 0: always ask). Changing it is confirmed too. */
function PasskeyThreshold() {
  const [threshold, setThreshold] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [amount, setAmount] = useState("0");
  useEffect(() => {
    api.get<{ sessionSufficesBelow: string }>("/api/payments/threshold").then(t => setThreshold(t.sessionSufficesBelow)).catch(() => {});
  }, []);
  return (
    <div class="setting-row">
      <div>
        <strong>Passkey confirmation</strong>
        <p class="muted small" data-testid="threshold">{threshold === null ? "…" : Number(threshold) === 0
          ? "Every payment asks for your passkey."
          : `Payments under ${formatCoins(threshold)} CHAT go without the passkey; larger ones ask for it.`}</p>
      </div>
      <button class="button small" onClick={() => { setAmount(threshold ?? "0"); setEditing(true); }}>Change…</button>
      {editing && (
        <PaymentDialog title="Passkey confirmation" labelId="threshold-title" onClose={() => setEditing(false)}
          headline={t => Number(t.amount) === 0 ? "Ask for my passkey on every payment" : `Pay less than ${formatCoins(t.amount ?? "0")} CHAT without my passkey`}
          pay={async (confirmation, t, key) => {
            const view = await request<{ sessionSufficesBelow: string }>("PUT", "/api/payments/threshold",
              { sessionSufficesBelow: t.amount, confirmation }, { "Idempotency-Key": key });
            setThreshold(view.sessionSufficesBelow);
            return view;
          }}>
          {(submit, busy, error) => (
            <form onSubmit={e => { e.preventDefault(); submit({ kind: "Threshold", chatId: null, amount: amount.trim() || "0" }); }}>
              <label class="field">
                <span>No passkey for payments under (CHAT)</span>
                <input name="threshold" value={amount} onInput={e => setAmount(e.currentTarget.value)} inputMode="decimal" />
                <small>0 means: always ask. Anyone holding your unlocked session could spend up to this much per payment without you.</small>
              </label>
              <ErrorNote text={error} />
              <div class="modal-actions">
                <button type="button" class="button" onClick={() => setEditing(false)}>Cancel</button>
                <button type="submit" class="button primary" disabled={busy}>Review</button>
              </div>
            </form>
          )}
        </PaymentDialog>
      )}
    </div>
  );
}

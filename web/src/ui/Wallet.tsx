import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api, errorText, request } from "../api";
import { navigate } from "../router";
import type { ExportedKey, HistoryEntry, HistoryPage, ReceiveView, TransferStatus, TransferView, WalletView } from "../types";
import { ErrorNote, Icon, Modal, shortAddress, shortTime } from "./common";
import { PaymentDialog } from "./Payments";

const pending = (s: TransferStatus) => s === "Requested" || s === "Signed" || s === "Broadcast";
const statusLabel = (s: TransferStatus) => pending(s) ? "Pending" : s === "Confirmed" ? "Confirmed" : "Failed";

function formatCoins(amount: string) {
  const [whole, fraction = ""] = amount.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const trimmed = fraction.replace(/0+$/, "").slice(0, 6);
  return trimmed ? `${grouped}.${trimmed}` : grouped;
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
            {wallet ? formatCoins(wallet.chat) : "—"} <span class="unit">CHAT</span>
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

        <h2 class="section-title">Activity</h2>
        {history.length === 0 && <p class="muted">No transfers yet. Coins you send or receive show up here.</p>}
        <ul class="history" aria-label="Transfers">
          {history.map(h => (
            <li key={h.id} class={`history-item ${h.direction.toLowerCase()}`} data-status={statusLabel(h.status).toLowerCase()}>
              <span class="history-icon" aria-hidden="true"><Icon name={h.direction === "Outgoing" ? "arrowUp" : "arrowDown"} size={18} /></span>
              <span class="history-text">
                <strong>{h.direction === "Outgoing" ? `To ${shortAddress(h.counterparty)}` : `From ${shortAddress(h.counterparty)}`}</strong>
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
      {dialog === "export" && wallet && <ExportDialog wallet={wallet} onClose={() => setDialog(null)} />}
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
      <span>{formatCoins(t.amount)} {t.token} to {shortAddress(t.to)}{t.blockNumber ? ` · block ${t.blockNumber}` : ""}</span>
      {t.failureReason && <span>{t.failureReason}</span>}
    </div>
  );
}

function SendDialog({ wallet, onClose, onSent }: { wallet: WalletView; onClose: () => void; onSent: () => void }) {
  const [to, setTo] = useState("");
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [canRetry, setCanRetry] = useState(false);
  const [busy, setBusy] = useState(false);
  const [transfer, setTransfer] = useTransfer(null);
  // One key per payment: a retry after a lost answer sends the same key, so the server pays once.
  const key = useRef<string | null>(null);

  async function submit() {
    key.current ??= crypto.randomUUID();
    setBusy(true);
    setError(null);
    try {
      const t = await api.post<TransferView>("/api/wallet/transfers", { to: to.trim(), amount: amount.trim(), token: "CHAT" },
        { "Idempotency-Key": key.current });
      setTransfer(t);
      onSent();
    } catch (e) {
      setError(errorText(e));
      const retryable = e instanceof ApiError && e.retryable;
      setCanRetry(retryable);
      if (!retryable) key.current = null;
    } finally {
      setBusy(false);
    }
  }

  const changed = () => { key.current = null; setCanRetry(false); };

  return (
    <Modal title="Send ChatCoin" onClose={onClose} labelId="send-title">
      {transfer ? (
        <>
          <TransferStatusNote t={transfer} />
          <div class="modal-actions"><button class="button primary" onClick={onClose}>Done</button></div>
        </>
      ) : (
        <form onSubmit={e => { e.preventDefault(); submit(); }}>
          <label class="field">
            <span>To address</span>
            <input name="to" value={to} onInput={e => { setTo(e.currentTarget.value); changed(); }} placeholder="0x…" required spellcheck={false} autoFocus />
          </label>
          <label class="field">
            <span>Amount (CHAT)</span>
            <input name="amount" value={amount} onInput={e => { setAmount(e.currentTarget.value); changed(); }} inputMode="decimal" placeholder="0.00" required />
            <small>Available: {formatCoins(wallet.chat)} CHAT. No gas fee: we pay it.</small>
          </label>
          <ErrorNote text={error} />
          <div class="modal-actions">
            <button type="button" class="button" onClick={onClose}>Cancel</button>
            <button type="submit" class="button primary" disabled={busy}>{busy ? "Sending…" : canRetry ? "Try again" : "Send"}</button>
          </div>
        </form>
      )}
    </Modal>
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
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [transfer, setTransfer] = useTransfer(null);
  const key = useRef<string | null>(null);

  async function submit() {
    key.current ??= crypto.randomUUID();
    setBusy(true);
    setError(null);
    try {
      setTransfer(await api.post<TransferView>("/api/wallet/withdraw", { to: to.trim() }, { "Idempotency-Key": key.current }));
      onSent();
    } catch (e) {
      setError(errorText(e));
      if (!(e instanceof ApiError && e.retryable)) key.current = null;
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="Withdraw everything" onClose={onClose} labelId="withdraw-title">
      {transfer ? (
        <>
          <TransferStatusNote t={transfer} />
          <div class="modal-actions"><button class="button primary" onClick={onClose}>Done</button></div>
        </>
      ) : (
        <form onSubmit={e => { e.preventDefault(); submit(); }}>
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
            <button type="submit" class="button danger" disabled={busy || !understood}>{busy ? "Withdrawing…" : "Withdraw all"}</button>
          </div>
        </form>
      )}
    </Modal>
  );
}

function ExportDialog({ wallet, onClose }: { wallet: WalletView; onClose: () => void }) {
  const [confirm, setConfirm] = useState("");
  const [key, setKey] = useState<ExportedKey | null>(null);
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    setError(null);
    try {
      setKey(await api.post<ExportedKey>("/api/wallet/export", { confirmAddress: confirm.trim() }));
    } catch (e) {
      setError(errorText(e));
    }
  }

  // The key lives in this dialog only: closing it forgets it.
  return (
    <Modal title="Export private key" onClose={() => { setKey(null); onClose(); }} labelId="export-title">
      <div class="warning" role="note">
        <Icon name="alert" />
        <div>
          <strong>Anyone who sees this key owns your coins.</strong>
          <p>Never share it, paste it into a website or send it in a chat. Our team will never ask for it. Make sure nobody is looking at your screen.</p>
        </div>
      </div>
      {key ? (
        <>
          <div class="copy-row secret">
            <code data-testid="private-key">{shown ? key.privateKey : "•".repeat(32)}</code>
            <button class="button small" onClick={() => setShown(s => !s)}>{shown ? "Hide" : "Reveal"}</button>
            <button class="icon-button" onClick={() => copy(key.privateKey)} aria-label="Copy private key"><Icon name="copy" size={16} /></button>
          </div>
          <div class="modal-actions"><button class="button primary" onClick={() => { setKey(null); onClose(); }}>I saved it, close</button></div>
        </>
      ) : (
        <form onSubmit={e => { e.preventDefault(); submit(); }}>
          <label class="field">
            <span>To confirm, type your wallet address</span>
            <input name="confirm" value={confirm} onInput={e => setConfirm(e.currentTarget.value)} placeholder={wallet.address} spellcheck={false} autoComplete="off" />
            <small>Your address: <code>{wallet.address}</code></small>
          </label>
          <ErrorNote text={error} />
          <div class="modal-actions">
            <button type="button" class="button" onClick={onClose}>Cancel</button>
            <button type="submit" class="button danger" disabled={!confirm.trim()}>Show my key</button>
          </div>
        </form>
      )}
    </Modal>
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
          headline={t => Number(t.amount) === 0 ? "Ask for my passkey on every payment" : `Pay less than ${formatCoins(t.amount)} CHAT without my passkey`}
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

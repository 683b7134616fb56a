// Paid and token-gated circles: the rule in the group's info (owners set it), and the circle's public page where an
// outsider sees name, description, rule, price and member count and joins (pay with a passkey, or hold), and a member renews.
import { useEffect, useState } from "preact/hooks";
import { ApiError, api, errorText } from "../api";
import { loadChats } from "../chat";
import { coins, postPayment } from "../payments";
import { navigate } from "../router";
import { toast, useAppState } from "../store";
import type { ChatView, CircleAccess, CircleView } from "../types";
import { ErrorNote, Icon } from "./common";
import { PaymentDialog } from "./Payments";

export function period(seconds: number) {
  if (seconds <= 0) return "";
  const days = seconds / 86_400;
  if (Number.isInteger(days)) return days === 1 ? "day" : `${days} days`;
  const hours = seconds / 3600;
  if (Number.isInteger(hours)) return hours === 1 ? "hour" : `${hours} hours`;
  const minutes = seconds / 60;
  return Number.isInteger(minutes) ? `${minutes} minutes` : `${seconds} seconds`;
}

/** The rule in plain words: "5 CHAT every 30 days", "hold at least 100 CHAT", both, open or invite-only. */
export function ruleText(c: CircleView) {
  const pay = `${coins(c.price)} CHAT every ${period(c.periodSeconds)}`;
  const hold = `hold at least ${coins(c.minBalance)} CHAT`;
  switch (c.access) {
    case "Open": return "Open: anyone may join";
    case "InviteOnly": return "Invite only";
    case "Pay": return `Pay to join: ${pay}`;
    case "Hold": return `Hold to join: ${hold}`;
    case "PayAndHold": return `Pay ${pay} and ${hold}`;
  }
}

async function fetchCircle(chatId: string): Promise<CircleView | null> {
  try {
    return await api.get<CircleView>(`/api/circles/${chatId}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

/** In the group's info: the rule for everyone, the form for the owner, the circle's link to share. */
export function CircleRule({ chatId, isOwner }: { chatId: string; isOwner: boolean }) {
  const [circle, setCircle] = useState<CircleView | null | undefined>(undefined);
  const [editing, setEditing] = useState(false);
  const [access, setAccess] = useState<CircleAccess>("Pay");
  const [description, setDescription] = useState("");
  const [price, setPrice] = useState("5");
  const [days, setDays] = useState("30");
  const [minBalance, setMinBalance] = useState("100");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [renewing, setRenewing] = useState(false);

  const load = () => fetchCircle(chatId).then(c => {
    setCircle(c);
    if (c) { setAccess(c.access); setDescription(c.description); if (c.price !== "0") setPrice(c.price); if (c.periodSeconds) setDays(String(c.periodSeconds / 86_400)); if (c.minBalance !== "0") setMinBalance(c.minBalance); }
  }).catch(e => setError(errorText(e)));
  useEffect(() => { load(); }, [chatId]);
  // A paid rule becomes usable once the chain has registered it: look again until then.
  useEffect(() => {
    if (!circle || circle.onChainId || !(circle.access === "Pay" || circle.access === "PayAndHold")) return;
    const timer = setTimeout(load, 2000);
    return () => clearTimeout(timer);
  }, [circle]);

  const pays = access === "Pay" || access === "PayAndHold";
  const holds = access === "Hold" || access === "PayAndHold";

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const c = await api.put<CircleView>(`/api/circles/${chatId}/rule`, {
        access, description: description.trim(),
        price: pays ? price.trim() : null, periodSeconds: pays ? Math.round(Number(days) * 86_400) : null,
        minBalance: holds ? minBalance.trim() : null,
      });
      setCircle(c);
      setEditing(false);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function changePrice() {
    const next = prompt("New price per period (CHAT). It applies to periods bought from now on.", circle?.price ?? "");
    if (!next) return;
    try {
      await api.put(`/api/circles/${chatId}/price`, { price: next.trim() });
      toast("New price sent to the chain.", "info");
      setTimeout(load, 2500);
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function close() {
    if (!confirm("Close this circle? Every member gets back the whole periods they haven't used, and nobody can join any more.")) return;
    try {
      await api.post(`/api/circles/${chatId}/close`);
      toast("Closing: refunds are on their way.", "info");
      setTimeout(load, 2500);
    } catch (e) {
      setError(errorText(e));
    }
  }

  if (circle === undefined && !error) return null;
  const link = `${location.origin}/circles/${chatId}`;
  return (
    <div class="circle-rule" data-testid="circle-rule">
      <h3 class="subhead">Who can join</h3>
      {!editing && (
        <>
          <p class="rule-text" data-testid="rule-text">{circle ? ruleText(circle) : "Invite only (members add people)"}{circle?.closed ? " · closed" : ""}</p>
          {circle?.description && <p class="muted small">{circle.description}</p>}
          {circle && (circle.access === "Pay" || circle.access === "PayAndHold") && !circle.onChainId && <p class="muted small">Registering on the chain…</p>}
          {circle && circle.access !== "InviteOnly" && (
            <div class="copy-row">
              <code data-testid="circle-link">{link}</code>
              <button class="icon-button" onClick={() => navigator.clipboard?.writeText(link).catch(() => {})} aria-label="Copy the circle's link"><Icon name="copy" size={16} /></button>
            </div>
          )}
          <div class="button-row">
            {isOwner && !circle?.closed && <button class="button small" onClick={() => setEditing(true)}>{circle ? "Change rule" : "Set an entry rule"}</button>}
            {isOwner && circle?.onChainId && !circle.closed && <button class="button small" onClick={changePrice}>Change price</button>}
            {isOwner && circle?.onChainId && !circle.closed && <button class="button small danger-outline" onClick={close}>Close circle</button>}
            {!isOwner && circle?.onChainId && !circle.closed && <button class="button small primary" onClick={() => setRenewing(true)}>Renew</button>}
          </div>
        </>
      )}
      {editing && (
        <form class="rule-form" onSubmit={e => { e.preventDefault(); save(); }}>
          <label class="field">
            <span>Access</span>
            <select name="access" value={access} onChange={e => setAccess(e.currentTarget.value as CircleAccess)}>
              <option value="Open">Open: anyone may join</option>
              <option value="InviteOnly">Invite only</option>
              <option value="Pay">Pay to join</option>
              <option value="Hold">Hold ChatCoin to join</option>
              <option value="PayAndHold">Pay and hold</option>
            </select>
          </label>
          <label class="field">
            <span>Description (what outsiders read)</span>
            <input name="description" value={description} onInput={e => setDescription(e.currentTarget.value)} maxLength={500} />
          </label>
          {pays && (
            <div class="field-row">
              <label class="field"><span>Price (CHAT)</span><input name="price" value={price} onInput={e => setPrice(e.currentTarget.value)} inputMode="decimal" required /></label>
              <label class="field"><span>Per period (days)</span><input name="period" value={days} onInput={e => setDays(e.currentTarget.value)} inputMode="decimal" required /></label>
            </div>
          )}
          {holds && (
            <label class="field"><span>Minimum balance (CHAT)</span><input name="minBalance" value={minBalance} onInput={e => setMinBalance(e.currentTarget.value)} inputMode="decimal" required /></label>
          )}
          {pays && circle?.onChainId && <p class="muted small">The period is fixed on the chain once registered; use “Change price” for the price.</p>}
          <ErrorNote text={error} />
          <div class="modal-actions">
            <button type="button" class="button" onClick={() => setEditing(false)}>Cancel</button>
            <button type="submit" class="button primary" disabled={busy}>{busy ? "Saving…" : "Save rule"}</button>
          </div>
        </form>
      )}
      {!editing && <ErrorNote text={error} />}
      {renewing && circle && <JoinDialog circle={circle} renew onClose={() => setRenewing(false)} onJoined={load} />}
    </div>
  );
}

/** The circle's public page: what an outsider may see, and the way in. */
export function CirclePage({ chatId }: { chatId: string }) {
  const s = useAppState();
  const [circle, setCircle] = useState<CircleView | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const member = s.chats.has(chatId);

  const load = () => fetchCircle(chatId).then(setCircle).catch(e => setError(errorText(e)));
  useEffect(() => { load(); }, [chatId]);

  // Membership starts once the payment is confirmed on chain: wait for the chat to open to us.
  useEffect(() => {
    if (!waiting) return;
    let stop = false;
    const started = Date.now();
    (async () => {
      while (!stop && Date.now() - started < 120_000) {
        try {
          await api.get<ChatView>(`/api/chats/${chatId}`);
          await loadChats();
          toast("Welcome in!", "info");
          navigate(`/chats/${chatId}`);
          return;
        } catch { /* not yet a member */ }
        await new Promise(r => setTimeout(r, 1500));
      }
      if (!stop) setError("The payment is taking longer than usual. It shows in your wallet; the circle opens once it's confirmed.");
    })();
    return () => { stop = true; };
  }, [waiting]);

  async function holdJoin() {
    setError(null);
    try {
      await postPayment(`/api/circles/${chatId}/join`, crypto.randomUUID(), {});
      setWaiting(true);
    } catch (e) {
      setError(errorText(e));
    }
  }

  const pays = circle && (circle.access === "Pay" || circle.access === "PayAndHold");
  return (
    <section class="panel circle-page" aria-labelledby="circle-title">
      <header class="panel-head">
        <button class="icon-button back" onClick={() => navigate("/chats")} aria-label="Back to chats"><Icon name="back" /></button>
        <h1 id="circle-title">{circle?.title ?? "Circle"}</h1>
      </header>
      <div class="panel-body">
        {circle === null && <p class="muted">This group has no public page.</p>}
        {circle && (
          <div class="circle-card" data-testid="circle">
            <span class="avatar group circle-avatar" aria-hidden="true"><Icon name="users" size={32} /></span>
            <h2 data-testid="circle-title">{circle.title}</h2>
            {circle.description && <p class="circle-description">{circle.description}</p>}
            <dl class="circle-facts">
              <div><dt>Entry</dt><dd data-testid="circle-rule-text">{pays ? (circle.access === "PayAndHold" ? `Pay, and hold ${coins(circle.minBalance)} CHAT` : "Pay to join") : ruleText(circle)}</dd></div>
              {pays && <div><dt>Price</dt><dd data-testid="circle-price">{coins(circle.price)} CHAT / {period(circle.periodSeconds)}</dd></div>}
              <div><dt>Members</dt><dd data-testid="circle-members">{circle.memberCount}</dd></div>
            </dl>
            {circle.closed ? <p class="error-note">This circle is closed.</p>
              : member ? (
                <div class="button-row center">
                  <button class="button primary" onClick={() => navigate(`/chats/${chatId}`)}>Open the chat</button>
                  {pays && <button class="button" onClick={() => setJoining(true)}>Renew</button>}
                </div>
              ) : waiting ? (
                <p class="muted" role="status"><span class="spinner small" /> Waiting for the chain to confirm your payment…</p>
              ) : circle.access === "Open" || circle.access === "InviteOnly" ? (
                <p class="muted">Ask a member to add you.</p>
              ) : pays ? (
                <button class="button primary big" onClick={() => setJoining(true)} disabled={!circle.onChainId}>
                  Join for {coins(circle.price)} CHAT
                </button>
              ) : (
                <button class="button primary big" onClick={holdJoin}>Join</button>
              )}
            <p class="muted small">Only members read the messages.</p>
          </div>
        )}
        <ErrorNote text={error} />
      </div>
      {joining && circle && <JoinDialog circle={circle} renew={member} onClose={() => setJoining(false)}
        onJoined={() => { if (!member) setWaiting(true); load(); }} onStale={load} />}
    </section>
  );
}

/** Pay for N periods at the price shown; the passkey binds that price (a changed price is a 409: look again, confirm again). */
function JoinDialog({ circle, renew, onClose, onJoined, onStale }: {
  circle: CircleView; renew: boolean; onClose: () => void; onJoined: () => void; onStale?: () => void;
}) {
  const [periods, setPeriods] = useState("1");
  const n = Math.max(1, Math.floor(Number(periods) || 1));
  const total = multiply(circle.price, n);
  return (
    <PaymentDialog title={renew ? `Renew ${circle.title}` : `Join ${circle.title}`} labelId="join-title" onClose={onClose}
      headline={t => `${renew ? "Renew" : "Join"} “${circle.title}”: ${t.periods} × ${coins(t.price)} CHAT = ${coins(t.amount)} CHAT`}
      pay={async (confirmation, t, key) => {
        try {
          return await postPayment(`/api/circles/${circle.chatId}/${renew ? "renew" : "join"}`, key,
            { periods: t.periods, expectedPrice: t.price, confirmation });
        } catch (e) {
          onStale?.();
          throw e;
        }
      }}
      onPaid={() => { toast("Payment sent. You're in once the chain confirms it.", "info"); onJoined(); }}>
      {(submit, busy, error) => (
        <form onSubmit={e => { e.preventDefault(); submit({ kind: "Circle", chatId: circle.chatId, amount: total, periods: n, price: circle.price, circleId: circle.onChainId }); }}>
          <p>{coins(circle.price)} CHAT for each {period(circle.periodSeconds)}.</p>
          <label class="field">
            <span>Periods</span>
            <input name="periods" type="number" min={1} max={10000} value={periods} onInput={e => setPeriods(e.currentTarget.value)} required />
            <small>Total: {coins(total)} CHAT. Closing the circle refunds whole periods you haven't started.</small>
          </label>
          <ErrorNote text={error} />
          <div class="modal-actions">
            <button type="button" class="button" onClick={onClose}>Cancel</button>
            <button type="submit" class="button primary" disabled={busy}>{busy ? "Checking…" : "Review"}</button>
          </div>
        </form>
      )}
    </PaymentDialog>
  );
}

/** price × n in exact decimal arithmetic (18 places, as the token): the server checks the amount to the last digit. */
function multiply(price: string, n: number): string {
  const [whole, fraction = ""] = price.split(".");
  const units = BigInt(whole + fraction.padEnd(18, "0").slice(0, 18)) * BigInt(n);
  const text = units.toString().padStart(19, "0");
  const intPart = text.slice(0, -18), frac = text.slice(-18).replace(/0+$/, "");
  return frac ? `${intPart}.${frac}` : intPart;
}

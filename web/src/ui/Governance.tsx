// Governance: proposals mirrored from the chain with live tallies, quorum and deadlines; vote with a reason, delegate,
// propose from templates, see one's voting power, join the governance group (src/Api/Governance).
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api, errorText } from "../api";
import { findUsers, loadChats } from "../chat";
import { coins, confirmWithPasskey, review } from "../payments";
import { navigate } from "../router";
import { toast } from "../store";
import type { ChatView, ProposalView, UserView, VotingPowerView } from "../types";
import { Avatar, ErrorNote, Icon, Modal, shortAddress } from "./common";
import { nameOrAddress, Who } from "./Who";

const templates: Record<string, string> = {
  mint: "Mint ChatCoin to a contributor",
  "envelope-max-shares": "Red envelopes: maximum shares",
  "envelope-min-share": "Red envelopes: minimum share",
  text: "Text only (signalling)",
  release: "Approve a release",
  "fund-rewards": "Fund the rewards pool from the treasury",
  "reward-rules": "Rewards: amounts and daily budget",
  grant: "Grant treasury coins to a contributor",
};
const movesCoins = (t: string) => t === "mint" || t === "grant";
const templateName = (t: string) => templates[t] ?? "Custom";

function relative(iso: string) {
  const ms = new Date(iso).getTime() - Date.now();
  const abs = Math.abs(ms), min = Math.round(abs / 60_000), h = Math.round(abs / 3_600_000), d = Math.round(abs / 86_400_000);
  const text = abs < 60_000 ? "less than a minute" : min < 60 ? `${min} min` : h < 48 ? `${h} h` : `${d} days`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

function deadline(p: ProposalView) {
  switch (p.state) {
    case "Pending": return `Voting starts ${relative(p.voteStart)}`;
    case "Active": return `Voting ends ${relative(p.voteEnd)}`;
    case "Queued": return p.eta ? `Can run ${relative(p.eta)}` : "Queued in the timelock";
    case "Succeeded": return "Passed: waiting for the timelock queue";
    default: return `Voting ended ${new Date(p.voteEnd).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}`;
  }
}

export function GovernanceScreen({ proposalId }: { proposalId?: string }) {
  const [proposals, setProposals] = useState<ProposalView[] | null>(null);
  const [power, setPower] = useState<VotingPowerView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"propose" | "delegate" | null>(null);

  const [detail, setDetail] = useState<ProposalView | null | undefined>(undefined);
  const shown = useRef(proposalId);
  shown.current = proposalId;

  // The list carries tallies only; one proposal's page reads it whole (with its votes).
  async function refresh() {
    const id = shown.current;
    try {
      if (id) {
        try {
          const p = await api.get<ProposalView>(`/api/governance/proposals/${id}`);
          if (shown.current === id) setDetail(p);
        } catch (e) {
          if (!(e instanceof ApiError && e.status === 404)) throw e;
          if (shown.current === id) setDetail(null);
        }
      } else {
        setProposals(await api.get<ProposalView[]>("/api/governance/proposals"));
      }
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }
  useEffect(() => { setDetail(undefined); refresh(); }, [proposalId]);
  const refreshPower = () => api.get<VotingPowerView>("/api/governance/voting-power").then(setPower).catch(() => {});

  // Tallies move as votes are mined: look again every few seconds while the screen is open. Opening governance turns
  // the member's votes on (a relayed self-delegation, once): members who never come here never pay vote checkpoints.
  useEffect(() => {
    refresh();
    refreshPower();
    api.post("/api/governance/activate").then(() => { refreshPower(); setTimeout(refreshPower, 3000); }).catch(() => {});
    const timer = setInterval(refresh, 2500);
    const powerTimer = setInterval(refreshPower, 8000);
    return () => { clearInterval(timer); clearInterval(powerTimer); };
  }, []);

  async function join() {
    try {
      const chat = await api.post<ChatView>("/api/governance/join");
      await loadChats();
      navigate(`/chats/${chat.id}`);
    } catch (e) {
      toast(errorText(e));
    }
  }

  const selected = proposalId && detail?.proposalId === proposalId ? detail : undefined;
  const self = power && power.delegatesTo.toLowerCase() === power.address.toLowerCase();
  const noDelegate = power && /^0x0{40}$/i.test(power.delegatesTo);

  return (
    <section class="panel governance" aria-labelledby="gov-title">
      <header class="panel-head">
        <button class="icon-button back" onClick={() => navigate(proposalId ? "/governance" : "/chats")} aria-label={proposalId ? "Back to proposals" : "Back to chats"}><Icon name="back" /></button>
        <h1 id="gov-title">{selected ? selected.title : "Governance"}</h1>
      </header>
      <div class="panel-body">
        <ErrorNote text={error} />
        {proposalId && <button class="link crumb" onClick={() => navigate("/governance")}>← All proposals</button>}
        {proposalId ? (
          selected ? <ProposalDetail p={selected} power={power} onChanged={refresh} />
            : detail === null ? <p class="muted">This proposal isn't on the chain yet. It shows up here as soon as it is.</p> : <span class="spinner" />
        ) : (
          <>
            <div class="power-card" data-testid="voting-power">
              <div>
                <span class="balance-label">Your voting power</span>
                <div class="balance"><span data-testid="votes">{power ? coins(power.votes) : "—"}</span> <span class="unit">votes</span></div>
                <span class="balance-sub">
                  {power ? `${coins(power.balance)} CHAT held · ${noDelegate ? "not delegated" : self ? "you vote yourself" : `delegated to ${nameOrAddress(power.delegatesTo)}`}` : ""}
                </span>
              </div>
              <div class="power-actions">
                <button class="button on-dark" onClick={() => setDialog("propose")}><Icon name="plus" size={18} /> New proposal</button>
                <button class="button on-dark" onClick={() => setDialog("delegate")}>Delegate…</button>
                <button class="button on-dark" onClick={join}><Icon name="users" size={18} /> Governance group</button>
              </div>
            </div>
            <HowItWorks power={power} />
            <h2 class="section-title">Proposals</h2>
            {proposals && proposals.length === 0 && <p class="muted">No proposals yet. Anyone holding enough ChatCoin can make one.</p>}
            <ul class="proposals" aria-label="Proposals">
              {proposals?.map(p => (
                <li key={p.proposalId}>
                  <a href={`/governance/${p.proposalId}`} class="proposal-item" data-proposal={p.proposalId} data-state={p.state}
                    onClick={e => { e.preventDefault(); navigate(`/governance/${p.proposalId}`); }}>
                    <span class="proposal-top">
                      <strong class="proposal-title">{p.title}</strong>
                      <span class={`state-badge ${p.state.toLowerCase()}`}>{p.state}</span>
                    </span>
                    <span class="muted small">{templateName(p.template)} · {deadline(p)}</span>
                    <Tally p={p} />
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {dialog === "propose" && <ProposeDialog onClose={() => setDialog(null)} onCreated={id => { refresh(); navigate(`/governance/${id}`); }} />}
      {dialog === "delegate" && <DelegateDialog onClose={() => setDialog(null)} onDone={() => { refreshPower(); setTimeout(refreshPower, 3000); }} />}
    </section>
  );
}

function Tally({ p }: { p: ProposalView }) {
  const f = Number(p.for), a = Number(p.against), x = Number(p.abstain);
  const total = f + a + x || 1;
  const pct = (v: number) => `${Math.round((v / total) * 100)}%`;
  const quorum = Math.round(p.quorumProgress * 100);
  return (
    <span class="tally" data-testid="tally">
      <span class="tally-bar" aria-hidden="true">
        <span class="for" style={{ width: pct(f) }} /><span class="against" style={{ width: pct(a) }} /><span class="abstain" style={{ width: pct(x) }} />
      </span>
      <span class="tally-numbers">
        <span class="for-text" data-testid="for">For {coins(p.for)}</span>
        <span class="against-text" data-testid="against">Against {coins(p.against)}</span>
        <span class="abstain-text" data-testid="abstain">Abstain {coins(p.abstain)}</span>
      </span>
      <span class="quorum-row">
        <span class="quorum" role="progressbar" aria-label="Quorum progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={quorum}>
          <span style={{ width: `${quorum}%` }} class={quorum >= 100 ? "met" : ""} />
        </span>
        <span class="small muted" data-testid="quorum">Quorum {quorum}% of {coins(p.quorum)}</span>
      </span>
      <span class="small muted" data-testid="quorum-needed">{quorumWords(p)}</span>
    </span>
  );
}

/** How far a proposal is from quorum, in words: For and Abstain votes count towards it (OpenZeppelin's GovernorCountingSimple). */
function quorumWords(p: ProposalView) {
  const counted = Number(p.for) + Number(p.abstain);
  const needed = Number(p.quorum);
  if (counted >= needed) return `Quorum reached: ${coins(String(counted))} of the ${coins(p.quorum)} votes needed`;
  return `${coins(String(counted))} of the ${coins(p.quorum)} votes needed for quorum: ${coins(String(needed - counted))} more (For or Abstain)`;
}

/** What proposing and voting take, in plain words, with the numbers the chain has now. */
function HowItWorks({ power }: { power: VotingPowerView | null }) {
  const threshold = power?.proposalThreshold ? Number(power.proposalThreshold) : null;
  const votes = power ? Number(power.votes) : null;
  return (
    <div class="how-it-works" data-testid="how-governance-works">
      <h2 class="section-title">How decisions are made</h2>
      <ul class="muted small">
        <li data-testid="threshold-words">
          <strong>To propose</strong> you need {threshold !== null ? `${coins(String(threshold))} votes` : "enough votes"}
          {votes !== null && threshold !== null ? (votes >= threshold ? ": you have enough." : `: you have ${coins(String(votes))}. Friends can delegate theirs to you.`) : "."}
        </li>
        <li><strong>To vote</strong> you need ChatCoin before a proposal's voting starts: each coin you hold (or that is delegated to you) is one vote.</li>
        <li><strong>To pass</strong>, a proposal needs more For than Against, and For plus Abstain must reach the quorum (the number under each proposal): a share of the coins in circulation, 4% unless governance changed it; the treasury and the rewards pool don't count.</li>
      </ul>
    </div>
  );
}

function ProposalDetail({ p, power, onChanged }: { p: ProposalView; power: VotingPowerView | null; onChanged: () => void }) {
  const [support, setSupport] = useState<"For" | "Against" | "Abstain">("For");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [snapshotPower, setSnapshotPower] = useState<VotingPowerView | null>(null);

  useEffect(() => {
    api.get<VotingPowerView>(`/api/governance/voting-power?proposalId=${p.proposalId}`).then(setSnapshotPower).catch(() => {});
  }, [p.proposalId, p.state]);

  const myAddress = (power ?? snapshotPower)?.address.toLowerCase();
  // The chain's description starts with "# title" (the title is read from it): show the rest.
  const body = p.description.replace(/^#\s*[^\n]*\n*/, "").trim();
  const myVote = p.votes.find(v => v.voter.toLowerCase() === myAddress);

  async function vote() {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/governance/proposals/${p.proposalId}/votes`, { support, reason: reason.trim() || null });
      setSent(support);
      onChanged();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function advance(step: "queue" | "execute") {
    setError(null);
    try {
      await api.post(`/api/governance/proposals/${p.proposalId}/${step}`);
      toast(step === "queue" ? "Queued in the timelock." : "Execution sent to the chain.", "info");
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <div class="proposal-detail" data-testid="proposal" data-state={p.state}>
      <div class="proposal-head">
        <span class={`state-badge big ${p.state.toLowerCase()}`} data-testid="proposal-state">{p.state}</span>
        <span class="muted small">{templateName(p.template)} · proposed by <Who address={p.proposer} /></span>
      </div>
      <p class="deadline"><Icon name="clock" size={14} /> {deadline(p)}</p>
      {body && <p class="proposal-description">{body}</p>}
      <Tally p={p} />

      {p.state === "Active" && !myVote && !sent && (
        <form class="vote-form" onSubmit={e => { e.preventDefault(); vote(); }}>
          <fieldset class="vote-choices">
            <legend>Your vote{snapshotPower ? ` · ${coins(snapshotPower.votes)} votes at the snapshot` : ""}</legend>
            {(["For", "Against", "Abstain"] as const).map(s => (
              <label key={s} class={`vote-choice ${s.toLowerCase()} ${support === s ? "active" : ""}`}>
                <input type="radio" name="support" value={s} checked={support === s} onChange={() => setSupport(s)} /> {s}
              </label>
            ))}
          </fieldset>
          <label class="field">
            <span>Reason (optional)</span>
            <textarea name="reason" rows={2} maxLength={1000} value={reason} onInput={e => setReason(e.currentTarget.value)} placeholder="Why you vote this way, for everyone to read" />
          </label>
          <ErrorNote text={error} />
          <button type="submit" class="button primary" disabled={busy}><Icon name="vote" size={16} /> {busy ? "Voting…" : `Vote ${support}`}</button>
          <p class="muted small">Gasless: your vote is signed by your wallet and relayed.</p>
        </form>
      )}
      {(myVote || sent) && (
        <p class="my-vote" data-testid="my-vote">{myVote ? `You voted ${myVote.support} with ${coins(myVote.weight)} votes.` : `Your ${sent} vote is on its way to the chain…`}</p>
      )}
      {p.state === "Succeeded" && <button class="button primary" onClick={() => advance("queue")}>Queue for execution</button>}
      {p.state === "Queued" && <button class="button primary" onClick={() => advance("execute")}>Execute now</button>}
      {(p.state === "Succeeded" || p.state === "Queued") && <p class="muted small">Anyone may do this; the service also does it by itself when it's due.</p>}
      {p.state !== "Active" && <ErrorNote text={error} />}

      <h2 class="section-title">Votes ({p.votes.length})</h2>
      {p.votes.length === 0 && <p class="muted">No votes yet.</p>}
      <ul class="votes" aria-label="Votes">
        {p.votes.map(v => (
          <li key={v.txHash || v.voter} class="vote">
            <span class={`vote-support ${v.support.toLowerCase()}`}>{v.support}</span>
            <span class="vote-text">
              <span class="vote-who"><strong>{v.voter.toLowerCase() === myAddress ? "You" : <Who address={v.voter} />}</strong><span class="muted">{coins(v.weight)} votes</span></span>
              {v.reason && <span class="vote-reason">“{v.reason}”</span>}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ProposeDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (proposalId: string) => void }) {
  const [template, setTemplate] = useState("mint");
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [to, setTo] = useState("");
  const [amount, setAmount] = useState("");
  const [value, setValue] = useState("");
  const [commit, setCommit] = useState("");
  const [rules, setRules] = useState({ welcome: "", invite: "", budget: "" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useRef<string | null>(null);

  async function submit() {
    key.current ??= crypto.randomUUID();
    setBusy(true);
    setError(null);
    try {
      const body = {
        template, title: title.trim(), description: description.trim(),
        to: movesCoins(template) ? to.trim() : null,
        amount: movesCoins(template) || template === "fund-rewards" ? amount.trim() : null,
        ...(template === "reward-rules" ? { welcome: rules.welcome.trim(), invite: rules.invite.trim(), budget: rules.budget.trim() } : {}),
        value: template.startsWith("envelope-") ? value.trim() : null, commit: template === "release" ? commit.trim() : null,
        note: template === "release" ? description.trim() || null : null,
      };
      const proposed = await api.post<{ proposalId: string }>("/api/governance/proposals", body, { "Idempotency-Key": key.current });
      toast("Proposal sent. It shows up once the chain has it.", "info");
      onClose();
      onCreated(proposed.proposalId);
    } catch (e) {
      setError(errorText(e));
      if (!(e instanceof ApiError && e.retryable)) key.current = null;
    } finally {
      setBusy(false);
    }
  }

  const changed = () => { key.current = null; };
  return (
    <Modal title="New proposal" onClose={onClose} labelId="propose-title">
      <form onSubmit={e => { e.preventDefault(); submit(); }} onInput={changed}>
        <label class="field">
          <span>Template</span>
          <select name="template" value={template} onChange={e => { setTemplate(e.currentTarget.value); changed(); }}>
            {Object.entries(templates).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
        </label>
        <label class="field">
          <span>Title</span>
          <input name="title" value={title} onInput={e => setTitle(e.currentTarget.value)} maxLength={200} required placeholder="Reward the docs team" />
        </label>
        <label class="field">
          <span>Description</span>
          <textarea name="description" rows={3} maxLength={5000} value={description} onInput={e => setDescription(e.currentTarget.value)} placeholder="What and why" />
        </label>
        {template === "fund-rewards" && (
          <label class="field">
            <span>Amount (CHAT)</span>
            <input name="amount" value={amount} onInput={e => setAmount(e.currentTarget.value)} inputMode="decimal" required />
          </label>
        )}
        {template === "reward-rules" && (
          <div class="field-row">
            <label class="field narrow">
              <span>Welcome reward (CHAT)</span>
              <input name="welcome" value={rules.welcome} onInput={e => setRules({ ...rules, welcome: e.currentTarget.value })} inputMode="numeric" required />
            </label>
            <label class="field narrow">
              <span>Invite reward, each side (CHAT)</span>
              <input name="invite" value={rules.invite} onInput={e => setRules({ ...rules, invite: e.currentTarget.value })} inputMode="numeric" required />
            </label>
            <label class="field narrow">
              <span>Daily budget (CHAT)</span>
              <input name="budget" value={rules.budget} onInput={e => setRules({ ...rules, budget: e.currentTarget.value })} inputMode="numeric" required />
            </label>
          </div>
        )}
        {movesCoins(template) && (
          <div class="field-row">
            <label class="field">
              <span>Recipient address</span>
              <input name="to" value={to} onInput={e => setTo(e.currentTarget.value)} placeholder="0x…" spellcheck={false} required />
            </label>
            <label class="field narrow">
              <span>Amount (CHAT)</span>
              <input name="amount" value={amount} onInput={e => setAmount(e.currentTarget.value)} inputMode="decimal" required />
            </label>
          </div>
        )}
        {template.startsWith("envelope-") && (
          <label class="field">
            <span>{template === "envelope-max-shares" ? "New maximum number of shares" : "New minimum share (CHAT)"}</span>
            <input name="value" value={value} onInput={e => setValue(e.currentTarget.value)} inputMode="decimal" required />
          </label>
        )}
        {template === "release" && (
          <label class="field">
            <span>Commit hash</span>
            <input name="commit" value={commit} onInput={e => setCommit(e.currentTarget.value)} placeholder="40 hex characters" spellcheck={false} required />
          </label>
        )}
        <ErrorNote text={error} />
        <div class="modal-actions">
          <button type="button" class="button" onClick={onClose}>Cancel</button>
          <button type="submit" class="button primary" disabled={busy || !title.trim()}>{busy ? "Proposing…" : "Propose"}</button>
        </div>
      </form>
    </Modal>
  );
}

function DelegateDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<UserView[]>([]);
  const [address, setAddress] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const q = query.trim();
    if (!q) { setFound([]); return; }
    const timer = setTimeout(() => findUsers(q).then(setFound).catch(e => setError(errorText(e))), 200);
    return () => clearTimeout(timer);
  }, [query]);

  async function delegate(body: { toUserId?: string; toAddress?: string }, label: string) {
    setBusy(true);
    setError(null);
    try {
      // Delegation moves voting power: the passkey confirms these exact terms (src/Api/Custody), never the session alone.
      const key = crypto.randomUUID();
      const confirmation = await confirmWithPasskey(await review({ kind: "Delegate", chatId: null, amount: "", idempotencyKey: key, ...body }));
      await api.post("/api/governance/delegate", { ...body, confirmation }, { "Idempotency-Key": key });
      toast(`Your votes now go to ${label}. It counts for proposals made from now on.`, "info");
      onDone();
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="Delegate your votes" onClose={onClose} labelId="delegate-title">
      <p class="muted small">Someone you trust votes with your ChatCoin's weight. You keep your coins and can take it back any time.</p>
      <label class="field">
        <span>Find a person</span>
        <input type="search" name="delegate-to" value={query} onInput={e => setQuery(e.currentTarget.value)} placeholder="Search by username or name" />
      </label>
      <ul class="people">
        {found.map(u => (
          <li key={u.id}>
            <button class="person" data-handle={u.handle} disabled={busy} onClick={() => delegate({ toUserId: u.id }, u.displayName)}>
              <Avatar name={u.displayName} seed={u.id} size={36} />
              <span class="person-text"><strong>{u.displayName}</strong><span class="muted small">@{u.handle}</span></span>
            </button>
          </li>
        ))}
      </ul>
      <form class="inline-form" onSubmit={e => { e.preventDefault(); delegate({ toAddress: address.trim() }, shortAddress(address.trim())); }}>
        <label class="field">
          <span>Or an address</span>
          <input name="delegate-address" value={address} onInput={e => setAddress(e.currentTarget.value)} placeholder="0x…" spellcheck={false} />
        </label>
        <button type="submit" class="button" disabled={busy || !address.trim()}>Delegate</button>
      </form>
      <ErrorNote text={error} />
    </Modal>
  );
}

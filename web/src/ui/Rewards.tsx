// The wallet's first screen for someone new: where coins come from (the welcome reward on its way or paid, invites
// with a link to copy, receiving from friends) and the rules the community's rewards pool keeps.
import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import { coins } from "../money";
import { rewardText, type InviteView, type RewardsView } from "../rewards";
import { ErrorNote, Icon } from "./common";

export function WhereCoinsComeFrom({ empty, onReceive }: { empty: boolean; onReceive: () => void }) {
  const [rewards, setRewards] = useState<RewardsView | null>(null);
  const [invite, setInvite] = useState<InviteView | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = () => api.get<RewardsView>("/api/rewards").then(r => { setRewards(r); if (r.invite) setInvite(r.invite); }).catch(e => setError(errorText(e)));
  useEffect(() => { load(); }, []);
  // Until the welcome reward is settled, look again: the chain pays it within seconds.
  const settling = rewards?.welcome && (rewards.welcome.status === "Due" || rewards.welcome.status === "Sending");
  const anyWaiting = rewards?.invites.some(i => i.status !== "Paid" && i.status !== "Refused");
  useEffect(() => {
    if (!settling && !anyWaiting) return;
    const timer = setInterval(load, settling ? 2000 : 10000);
    return () => clearInterval(timer);
  }, [settling, anyWaiting]);

  async function makeInvite() {
    try { setInvite(await api.post<InviteView>("/api/invites", {})); }
    catch (e) { setError(errorText(e)); }
  }

  const link = invite ? `${location.origin}${invite.link}` : null;
  function copyLink() {
    if (!link) return;
    navigator.clipboard?.writeText(link).then(() => { setCopied(true); setTimeout(() => setCopied(false), 2000); }).catch(() => {});
  }

  const rules = rewards?.rules;
  const inviteAmount = rules?.inviteAmount ? `${coins(rules.inviteAmount)} CHAT` : "a reward";
  return (
    <div class="coins-start" data-testid="coins-start">
      <h2 class="section-title">{empty ? "Where your first coins come from" : "Earn more ChatCoin"}</h2>
      <ErrorNote text={error} />
      <ul class="coins-ways">
        {rewards?.welcome && (
          <li data-testid="welcome-reward" data-status={rewards.welcome.status.toLowerCase()}>
            <Icon name="arrowDown" size={18} />
            <span>{rewardText(rewards.welcome, "Welcome reward")}</span>
          </li>
        )}
        {rewards?.invites.map(i => (
          <li key={i.id} data-testid="invite-reward" data-status={i.status.toLowerCase()}>
            <Icon name="users" size={18} />
            <span>{rewardText(i, i.role === "inviter" ? `Invite reward for bringing ${i.otherName ?? "a friend"}` : `Invite reward (invited by ${i.otherName ?? "a friend"})`)}</span>
          </li>
        ))}
        <li>
          <Icon name="users" size={18} />
          <span>
            <strong>Invite friends.</strong> When someone signs up with your link and sends their first message, you both get {inviteAmount}.
            {link ? (
              <span class="reward-invite-link">
                <code data-testid="invite-link">{link}</code>
                <button class="button small" onClick={copyLink} data-testid="copy-invite">{copied ? "Copied" : "Copy link"}</button>
              </span>
            ) : <button class="button small" onClick={makeInvite} data-testid="make-invite">Get my invite link</button>}
          </span>
        </li>
        <li>
          <Icon name="arrowDown" size={18} />
          <span><strong>Receive from friends.</strong> Anyone can send you ChatCoin in a chat, or to your address. <button class="link" onClick={onReceive}>Show my address</button></span>
        </li>
      </ul>
      {rules && (
        <p class="muted small" data-testid="reward-rules">
          The community's rewards pool pays {rules.welcomeAmount ? `${coins(rules.welcomeAmount)} CHAT to welcome each new account (once)` : "the rewards"}
          {rules.dailyBudget ? `, up to ${coins(rules.dailyBudget)} CHAT a day (${coins(rules.remainingToday ?? "0")} left today)` : ""}.
          Its holders set these amounts by vote. To keep it fair, at most {rules.welcomePerIpPerDay} sign-ups a day from one network
          and {rules.welcomePerDevicePerDay} from one device are welcomed.
        </p>
      )}
    </div>
  );
}

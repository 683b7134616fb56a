// Money forms check as the person types, with the rules the server applies before any passkey prompt
// (GET /api/payments/rules: decimals, a red envelope's minimum share, maximum shares and lifetime) and the wallet's
// balance; each form says why Review is disabled. Amounts are compared in base units (18 decimals), never as floats.
import { useEffect, useState } from "preact/hooks";
import { api } from "./api";
import type { MoneyRules, WalletView } from "./types";

const Decimals = 18;

/** "12.5" → 12500000000000000000n; null when it is not a plain positive decimal or has more than 18 decimals. */
export function parseUnits(text: string): bigint | null {
  const t = text.trim();
  const m = /^(\d+)(?:\.(\d*))?$/.exec(t) ?? /^()\.(\d+)$/.exec(t);
  if (!m) return null;
  const fraction = m[2] ?? "";
  if (fraction.length > Decimals) return null;
  return BigInt(m[1] || "0") * 10n ** BigInt(Decimals) + BigInt(fraction.padEnd(Decimals, "0") || "0");
}

/** Base units → the full decimal ("2067.634707479565485092"). */
export function fullCoins(units: bigint): string {
  const whole = units / 10n ** BigInt(Decimals);
  const fraction = (units % 10n ** BigInt(Decimals)).toString().padStart(Decimals, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/** Grouped, at most 6 decimals (cut, never rounded up: a balance never shows more than there is). */
export function coins(amount: string | null | undefined): string {
  if (!amount) return "0";
  const [whole, fraction = ""] = amount.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const trimmed = fraction.slice(0, 6).replace(/0+$/, "");
  return trimmed ? `${grouped}.${trimmed}` : grouped;
}

/** The wallet's balance and the server's money rules, read when a form opens. */
export function useMoney(): { balance: bigint | null; rules: MoneyRules | null } {
  const [balance, setBalance] = useState<bigint | null>(null);
  const [rules, setRules] = useState<MoneyRules | null>(null);
  useEffect(() => {
    api.get<WalletView>("/api/wallet").then(w => setBalance(parseUnits(w.chat))).catch(() => {});
    api.get<MoneyRules>("/api/payments/rules").then(setRules).catch(() => {});
  }, []);
  return { balance, rules };
}

/** Why this amount cannot be paid, in words; null when it can (as far as the client knows). */
export function amountProblem(text: string, balance: bigint | null, what = "an amount"): string | null {
  const t = text.trim();
  if (!t) return `Enter ${what}.`;
  if (/^-/.test(t)) return "The amount must be more than zero.";
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(t)) return "Use digits and a dot, like 12.5.";
  const units = parseUnits(t);
  if (units === null) return `At most ${Decimals} decimal places.`;
  if (units === 0n) return "The amount must be more than zero.";
  if (balance !== null && units > balance) return `That's more than you have: ${coins(fullCoins(balance))} CHAT.`;
  return null;
}

/** How many shares an envelope may have: a random split fewer, since its fair reveal pays every share in one transaction. */
export function maxEnvelopeShares(rules: MoneyRules | null, split: "random" | "equal"): number {
  return split === "random" ? rules?.maxRandomEnvelopeShares ?? 500 : rules?.maxEnvelopeShares ?? 1000;
}

/** The red envelope's rules: the total as an amount, then shares (fewer for a random split), the minimum share and the lifetime. */
export function envelopeProblem(total: string, sharesText: string, hours: number, balance: bigint | null, rules: MoneyRules | null,
  split: "random" | "equal" = "random"): string | null {
  const amount = amountProblem(total, balance, "the total");
  if (amount) return amount;
  const shares = Number(sharesText);
  const maxShares = maxEnvelopeShares(rules, split);
  if (!/^\d+$/.test(sharesText.trim()) || shares < 1) return "Enter how many shares: 1 or more.";
  if (shares > maxShares)
    return split === "random" && rules && maxShares < rules.maxEnvelopeShares
      ? `A random split has at most ${maxShares.toLocaleString()} shares (an equal one up to ${rules.maxEnvelopeShares.toLocaleString()}).`
      : `At most ${maxShares.toLocaleString()} shares.`;
  if (rules) {
    const minShare = parseUnits(rules.minEnvelopeShare)!;
    const needed = minShare * BigInt(shares);
    if (parseUnits(total)! < needed)
      return `Each share needs at least ${coins(rules.minEnvelopeShare)} CHAT: for ${shares.toLocaleString()} shares the total must be at least ${coins(fullCoins(needed))} CHAT.`;
    if (hours > rules.maxEnvelopeHours) return `An envelope can last at most ${Math.round(rules.maxEnvelopeHours / 24)} days.`;
  }
  if (hours <= 0) return "The expiry must be in the future.";
  return null;
}

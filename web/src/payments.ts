// Money inside the conversation: every outgoing payment is confirmed twice, by the person reading the exact terms the
// server will bind, then by their passkey signing a challenge derived from those terms (src/Api/Payments).
import { ApiError, api } from "./api";
import { assertionJson, requestOptions } from "./passkeys";
import type { ConfirmationView, PaymentTerms } from "./types";

export interface Confirmation { ceremonyId: string; credential: unknown }

/** Step 1: the server echoes the terms (filling defaults such as an envelope's expiry) and a challenge bound to them. */
export function review(terms: PaymentTerms): Promise<ConfirmationView> {
  return api.post<ConfirmationView>("/api/payments/confirmations", terms);
}

/** Step 2: the passkey signs that challenge; the answer goes with the payment itself. */
export async function confirmWithPasskey(begun: ConfirmationView): Promise<Confirmation> {
  const credential = await navigator.credentials.get({ publicKey: requestOptions(begun.options) }) as PublicKeyCredential | null;
  if (!credential) throw new Error("No passkey was chosen. Please try again.");
  return { ceremonyId: begun.ceremonyId, credential: assertionJson(credential) };
}

/** A 409 saying the paid terms differ from the confirmed ones: the person reviews and confirms again. */
export const termsChanged = (e: unknown) =>
  e instanceof ApiError && (e.code === "payment.terms_changed" || e.code === "circle.terms_changed");

export function postPayment<T>(path: string, key: string, body: unknown): Promise<T> {
  return api.post<T>(path, body, { "Idempotency-Key": key });
}

/** Whole coins for people: thousands grouped, at most six decimals, no trailing zeros. */
export function coins(amount: string | null | undefined): string {
  if (!amount) return "0";
  const [whole, fraction = ""] = amount.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const trimmed = fraction.replace(/0+$/, "").slice(0, 6);
  return trimmed ? `${grouped}.${trimmed}` : grouped;
}

export interface SummaryLine { key: string; label: string; value: string; raw: string }

const labels: Record<string, string> = {
  kind: "What", chat: "Chat", token: "Token", amount: "Amount", "to-user": "To", "to-address": "To address", message: "Message",
  shares: "Shares", split: "Split", circle: "Circle", periods: "Periods", "price-per-period": "Price per period", expires: "Expires",
  "idempotency-key": "Payment id",
};

/** The server's canonical summary, line by line, in words; `name` turns user ids into names. */
export function summaryLines(summary: string, name: (userId: string) => string): SummaryLine[] {
  return summary.split("\n").slice(1).filter(Boolean).map(line => {
    const at = line.indexOf(": ");
    const key = line.slice(0, at), raw = line.slice(at + 2);
    let value = raw;
    if (key === "kind") value = raw[0].toUpperCase() + raw.slice(1);
    if (key === "to-user") value = name(raw);
    if (key === "amount" || key === "price-per-period") value = `${coins(raw)} CHAT`;
    if (key === "expires") value = new Date(Number(raw) * 1000).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
    return { key, label: labels[key] ?? key, value, raw };
  });
}

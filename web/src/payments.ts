// Money inside the conversation: every outgoing payment is confirmed twice, by the person reading the exact terms the
// server will bind, then by their passkey signing a challenge derived from those terms (src/Api/Payments).
import { ApiError, api } from "./api";
import { assertionJson, requestOptions } from "./passkeys";
import type { ConfirmationView, PaymentTerms } from "./types";

export interface Confirmation { ceremonyId: string; credential?: unknown; signature?: string }

/**
 * Step 1: the server checks the terms (4xx before any prompt when the action would refuse them), echoes them (filling
 * defaults such as an envelope's expiry) and a challenge bound to them. Every movement of value or authority (wallet
 * send, withdraw, key export, delegation, device changes) is confirmed this way, not only chat payments.
 */
export function review(terms: PaymentTerms): Promise<ConfirmationView> {
  return api.post<ConfirmationView>("/api/confirmations", terms);
}

/**
 * Step 2: the passkey signs that challenge; the answer goes with the action itself. An account that signs in with its
 * own Ethereum wallet and has no passkey signs the same terms as EIP-712 typed data in that wallet instead.
 */
export async function confirmWithPasskey(begun: ConfirmationView): Promise<Confirmation> {
  if (begun.method === "eip712") return confirmWithWallet(begun);
  const credential = await navigator.credentials.get({ publicKey: requestOptions(begun.options) }) as PublicKeyCredential | null;
  if (!credential) throw new Error("No passkey was chosen. Please try again.");
  return { ceremonyId: begun.ceremonyId, credential: assertionJson(credential) };
}

async function confirmWithWallet(begun: ConfirmationView): Promise<Confirmation> {
  const ethereum = (window as any).ethereum;
  if (!ethereum) throw new Error("Open this page in the browser of the wallet you signed in with to confirm.");
  const [account] = await ethereum.request({ method: "eth_requestAccounts" });
  const signature = await ethereum.request({ method: "eth_signTypedData_v4", params: [account, JSON.stringify(begun.options)] });
  return { ceremonyId: begun.ceremonyId, signature };
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
  "idempotency-key": "Payment id", "recipient-is-contract": "Recipient", delegatee: "Votes go to", passkey: "Passkey", "passkey-name": "Passkey name",
};

const kinds: Record<string, string> = {
  "wallet-transfer": "Send from wallet", withdraw: "Withdraw everything", "export-key": "Export private key", delegate: "Delegate votes",
  "passkey-add": "Add a passkey", "passkey-rename": "Rename a passkey", "passkey-remove": "Remove a passkey",
};

/** The server's canonical summary, line by line, in words; `name` turns user ids into names. */
export function summaryLines(summary: string, name: (userId: string) => string): SummaryLine[] {
  return summary.split("\n").slice(1).filter(Boolean).map(line => {
    const at = line.indexOf(": ");
    const key = line.slice(0, at), raw = line.slice(at + 2);
    let value = raw;
    if (key === "kind") value = kinds[raw] ?? raw[0].toUpperCase() + raw.slice(1);
    if (key === "amount" && raw === "everything") return { key, label: labels[key], value: "Everything in the wallet", raw };
    if (key === "recipient-is-contract") value = "A contract (you acknowledged it)";
    if (key === "to-user") value = name(raw);
    if (key === "amount" || key === "price-per-period") value = `${coins(raw)} CHAT`;
    if (key === "expires") value = new Date(Number(raw) * 1000).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
    return { key, label: labels[key] ?? key, value, raw };
  });
}

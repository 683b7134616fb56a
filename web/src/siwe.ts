// Sign-In with Ethereum (EIP-4361) through an injected wallet (EIP-1193 window.ethereum): nonce from the server,
// a message naming this origin, the wallet's personal_sign (EIP-191), and the server checks all of it.
import { api } from "./api";
import { toChecksumAddress } from "./keccak";
import type { SessionView } from "./types";

interface Eip1193 { request(args: { method: string; params?: unknown[] }): Promise<unknown> }
const provider = () => (window as unknown as { ethereum?: Eip1193 }).ethereum;

export const walletAvailable = () => typeof provider()?.request === "function";

function utf8Hex(text: string) {
  return "0x" + [...new TextEncoder().encode(text)].map(b => b.toString(16).padStart(2, "0")).join("");
}

interface Health { checks?: { chain?: { data?: { chainId?: number } } } }

export async function signInWithEthereum(): Promise<SessionView> {
  const wallet = provider();
  if (!wallet) throw new Error("No Ethereum wallet was found in this browser.");
  // 1. The wallet shares an account (it may ask the person first).
  const accounts = await wallet.request({ method: "eth_requestAccounts" }) as string[];
  if (!accounts?.length) throw new Error("The wallet didn't share an account.");
  const address = toChecksumAddress(accounts[0]);
  // 2. A one-time nonce, and the chain this service's wallets live on.
  const nonce = await api.post<{ nonce: string; expiresAt: string }>("/api/auth/siwe/nonce");
  const health = await fetch("/health").then(r => r.json() as Promise<Health>).catch(() => ({} as Health));
  const chainId = health.checks?.chain?.data?.chainId ?? 31337;
  // 3. EIP-4361's layout: this origin, the account, a statement, then the fields; the wallet shows it to the person.
  const message = [
    `${location.host} wants you to sign in with your Ethereum account:`,
    address,
    "",
    "Sign in to OpenChat.Chain.",
    "",
    `URI: ${location.origin}`,
    "Version: 1",
    `Chain ID: ${chainId}`,
    `Nonce: ${nonce.nonce}`,
    `Issued At: ${new Date().toISOString()}`,
    `Expiration Time: ${nonce.expiresAt}`,
  ].join("\n");
  const signature = await wallet.request({ method: "personal_sign", params: [utf8Hex(message), address] }) as string;
  // 4. The server recovers the signer, checks domain, chain, time and nonce, and starts a session.
  return api.post<SessionView>("/api/auth/siwe", { message, signature });
}

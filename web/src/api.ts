// Every call to /api goes through here: same-origin, the HttpOnly session cookie, ProblemDetails turned into words.

export interface Problem { status: number; title?: string; detail?: string; code?: string; errors?: Record<string, string[]> }

/** An API failure with a sentence a person can read; `retryable` when trying again may help. */
export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly code: string | undefined, readonly retryable: boolean) {
    super(message);
  }
}

// Stable error codes (src/*/…Errors.cs) in plain words; the server's detail is added when it says more.
const words: Record<string, string> = {
  "user.handle_taken": "That username is taken. Try another one.",
  "user.not_found": "We couldn't find that person.",
  "chat.not_found": "This chat doesn't exist or you're no longer in it.",
  "chat.not_allowed": "Your role in this chat doesn't allow that.",
  "chat.direct_with_self": "Pick someone other than yourself.",
  "chat.group_full": "This group is full.",
  "chat.already_member": "They're already in this chat.",
  "message.not_found": "That message is gone.",
  "message.not_sender": "Only the sender can do that.",
  "message.deleted": "That message was deleted.",
  "message.reply_not_found": "The message you replied to isn't in this chat any more.",
  "media.too_large": "That file is too large.",
  "media.type_not_allowed": "That kind of file can't be shared here. Try a photo (JPEG, PNG, GIF, WebP) or a PDF.",
  "media.not_found": "That file is no longer available.",
  "rate.limited": "You're sending too fast. Wait a moment and try again.",
  "auth.challenge_expired": "The sign-in request expired. Please try again.",
  "auth.credential_malformed": "Your device sent an answer we couldn't read. Please try again.",
  "auth.passkey_rejected": "That passkey didn't check out. Please try again.",
  "auth.passkey_unknown": "We don't know that passkey. Sign up first, or use another passkey.",
  "auth.passkey_counter": "That passkey looks like a copy and was refused for your safety.",
  "wallet.invalid_address": "That isn't a valid address. It should look like 0x followed by 40 characters.",
  "wallet.address_checksum": "That address has a typo (its capital letters don't match its checksum).",
  "wallet.invalid_amount": "Enter an amount greater than zero, like 12.5.",
  "wallet.amount_too_precise": "That amount has too many decimal places.",
  "wallet.insufficient_balance": "You don't have enough ChatCoin for that.",
  "wallet.idempotency_key_reused": "This payment was already sent with different details. Start a new payment.",
  "wallet.export_not_confirmed": "The address you typed doesn't match your wallet address.",
  "wallet.chain_unavailable": "The blockchain isn't answering right now. Try again in a moment.",
  "wallet.keys_unavailable": "The wallet is starting up. Try again in a moment.",
  "payment.no_passkey": "Payments are confirmed with a passkey, and this account has none yet.",
  "payment.confirmation_required": "Please confirm this payment with your passkey.",
  "payment.terms_changed": "The details changed after you confirmed. Check them and confirm again.",
  "payment.not_your_passkey": "That passkey belongs to another account.",
  "payment.recipient_not_in_chat": "That person isn't in this chat any more.",
  "payment.recipient_missing": "Choose who gets the money: a member of this chat or an outside address.",
  "payment.not_an_envelope": "That isn't a red envelope.",
  "envelope.not_open": "This envelope is still being sealed on the chain. Try again in a moment.",
  "envelope.already_claimed": "You already opened this envelope.",
  "envelope.expired": "This envelope has expired.",
  "envelope.empty": "Too late: every share of this envelope has been taken.",
  "envelope.invalid_shares": "That number of shares isn't allowed.",
  "envelope.total_too_small": "The total is too small for that many shares.",
  "envelope.expiry_in_past": "The expiry must be in the future.",
  "envelope.expiry_too_far": "An envelope can last at most 30 days.",
  "tip.not_tippable": "Only messages from other people can be tipped.",
  "tip.to_self": "You can't tip your own message.",
  "governance.proposal_not_found": "That proposal doesn't exist.",
  "governance.unknown_template": "Pick one of the proposal templates.",
  "governance.invalid_recipient": "The recipient must be an address like 0x followed by 40 characters.",
  "governance.invalid_amount": "Enter an amount greater than zero.",
  "governance.invalid_value": "That value isn't allowed for this setting.",
  "governance.invalid_commit": "A release is a 40-character git commit hash.",
  "governance.proposal_exists": "The same proposal already exists.",
  "governance.below_threshold": "You need more voting power to make a proposal.",
  "governance.already_voted": "You already voted on this proposal.",
  "governance.voting_closed": "Voting on this proposal isn't open.",
  "governance.not_ready": "This proposal can't move to that step yet.",
  "circle.not_found": "This group has no access rule.",
  "circle.closed": "This circle is closed.",
  "circle.closed_on_chain": "This circle is closed.",
  "circle.not_on_chain": "This circle isn't on the chain.",
  "circle.terms_changed": "The price changed after you confirmed. Check the new price and confirm again.",
  "circle.terms_on_chain": "The price is set on the chain now: use “Change price”.",
  "circle.rule_applies": "This circle has an entry rule: join it from its page.",
  "circle.hold_too_low": "You don't hold enough ChatCoin to join.",
  "circle.not_registered": "The circle is still being set up on the chain. Try again in a moment.",
  "circle.invalid_period": "The period must be at least one second.",
  "circle.not_owner": "Only the circle's owner can do that.",
  "validation.failed": "Some fields need another look.",
  "server.error": "Something went wrong on our side. Please try again.",
};

// Invalid input names its fields; for the fields a person types into, plain words instead of the validator's sentence.
const fieldWords: Record<string, (said: string) => string> = {
  text: said => /empty/i.test(said) ? "Write something first." : "A message can have at most 4,000 characters. Shorten it or send it in parts.",
};

export function describeProblem(p: Problem): string {
  const known = p.code ? words[p.code] : undefined;
  const fields = p.errors ? Object.values(p.errors).flat().join(" ") : "";
  const plain = p.code === "validation.failed" && p.errors
    ? Object.entries(p.errors).filter(([f]) => fieldWords[f]).map(([f, said]) => fieldWords[f](said.join(" "))) : [];
  if (plain.length > 0) return plain.join(" ");
  if (p.code === "validation.failed" && fields) return fields;
  // Some details are written for developers (they name endpoints): the plain words say enough then.
  const technical = !p.detail || /\/api\/|\b(GET|POST|PUT) /.test(p.detail);
  if (known) return !technical && !known.includes(p.detail!) && p.code !== "server.error" ? `${known} (${p.detail})` : known;
  if (p.detail && technical) return p.status === 409 ? "That clashes with something that already happened. Refresh and try again." : "That didn't work. Please check and try again.";
  if (p.detail) return p.detail;
  switch (p.status) {
    case 401: return "Your session ended. Please sign in again.";
    case 403: return "You're not allowed to do that.";
    case 404: return "That doesn't exist any more.";
    case 409: return "That clashes with something that already happened. Refresh and try again.";
    case 429: return "Too many tries. Wait a minute and try again.";
    case 503: return "The service is busy or starting up. Try again in a moment.";
    default: return p.status >= 500 ? "Something went wrong on our side. Please try again." : "That didn't work. Please check and try again.";
  }
}

let onUnauthorized: () => void = () => {};
export function whenSignedOut(handler: () => void) { onUnauthorized = handler; }

export async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: "application/json", ...headers }, credentials: "same-origin" };
  if (body instanceof Blob) {
    init.body = body;
    (init.headers as Record<string, string>)["Content-Type"] = body.type || "application/octet-stream";
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError("Can't reach the server. Check your connection and try again.", 0, "network", true);
  }
  if (response.status === 401 && !path.startsWith("/api/auth/")) onUnauthorized();
  if (!response.ok) {
    let problem: Problem = { status: response.status };
    try {
      problem = { ...(await response.json()), status: response.status };
    } catch { /* not JSON: the status alone says enough */ }
    throw new ApiError(describeProblem(problem), response.status, problem.code, response.status >= 500 || response.status === 0 || response.status === 429);
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("Content-Type") ?? "";
  return (type.includes("json") ? await response.json() : undefined) as T;
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>("POST", path, body ?? {}, headers),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body),
  put: <T>(path: string, body?: unknown) => request<T>("PUT", path, body),
  del: <T>(path: string) => request<T>("DELETE", path),
};

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof DOMException && e.name === "NotAllowedError") return "The passkey prompt was closed or timed out. Please try again.";
  if (e instanceof DOMException && e.name === "InvalidStateError") return "This device already has a passkey for that account.";
  if (e instanceof Error) return e.message;
  return "Something went wrong. Please try again.";
}

// The API's JSON shapes, generated from its OpenAPI document (generated/api.ts, written by scripts/build-web.sh from
// generated/openapi.json): names here are aliases, never copies, so a change on the server shows up as a type error.
import type { components } from "./generated/api";

type Schemas = components["schemas"];

export type UserView = Schemas["UserView"];
export type SessionView = Schemas["SessionView"];
export type AttachmentView = Schemas["AttachmentView"];
export type ReactionView = Schemas["ReactionView"];
export type MessageView = Schemas["MessageView"];
export type MessageKind = MessageView["kind"];
export type MemberView = Schemas["MemberView"];
export type ChatView = Schemas["ChatView"];
export type ChatSummary = Schemas["ChatSummary"];
export type ChatSettingsView = Schemas["ChatSettingsView"];
export type ChatUpdateView = Schemas["ChatUpdateView"];
export type UpdatePage = Schemas["UpdatePage"];
export type MediaView = Schemas["MediaView"];
export type Problem = Schemas["Problem"];
export type ErrorCode = Problem["code"];

export type WalletView = Schemas["WalletView"];
export type TransferKind = Schemas["TransferKind"];
export type TransferStatus = Schemas["TransferStatus"];
export type TransferView = Schemas["TransferView"];
export type HistoryEntry = Schemas["HistoryEntry"];
export type HistoryPage = Schemas["HistoryPage"];
export type ReceiveView = Schemas["ReceiveView"];
export type ExportedKey = Schemas["ExportedKey"];

export type PaymentKind = Schemas["PaymentKind"];
/** What the client asks a confirmation for (POST /api/confirmations). */
export type PaymentTerms = Schemas["ConfirmationBody"];
/** The terms a confirmation binds, as the server canonicalised them (src/Api/Payments/PaymentTerms.cs). */
export type ConfirmedTerms = Schemas["PaymentTerms"];
export type PasskeyView = Schemas["PasskeyView"];
export type PaymentView = Schemas["PaymentView"];

export type VoteView = Schemas["VoteView"];
export type ProposalView = Schemas["ProposalView"];
export type VotingPowerView = Schemas["VotingPowerView"];

export type CircleView = Schemas["CircleView"];
export type CircleAccess = CircleView["access"];

// The WebAuthn options and EIP-712 typed data are JSON the browser API or the wallet reads as they are; the server
// describes them (see the schemas' descriptions) but their shape is the W3C's, so they stay loosely typed here.
export type CeremonyOptions = Omit<Schemas["CeremonyOptions"], "options"> & { options: any };
/** method "passkey": WebAuthn request options; "eip712": typed data for the account's own Ethereum key. */
export type ConfirmationView = Omit<Schemas["PaymentConfirmationOptions"], "options" | "method"> & {
  options: any; method?: "passkey" | "eip712";
};

// Pushed by the realtime hub only (SignalR is not in the OpenAPI document): src/Api/Realtime/IChatClient.cs.
export interface TypingView { chatId: string; userId: string }
export interface PresenceView { userId: string; online: boolean; lastSeen: string | null }
export type AddressName = Schemas["AddressName"];
export type MoneyRules = Schemas["MoneyRules"];
export type MessageReceiptsView = Schemas["MessageReceiptsView"];
export type MemberReceiptView = Schemas["MemberReceiptView"];

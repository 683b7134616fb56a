// The API's JSON shapes (camelCase, enums as strings), as src/Api and its contexts define them.

export interface UserView { id: string; handle: string; displayName: string; avatarUrl: string | null }
export interface SessionView { token: string; expiresAt: string; user: UserView }
export interface CeremonyOptions { ceremonyId: string; options: any }

export interface AttachmentView { mediaId: string; url: string }
export interface ReactionView { emoji: string; count: number; userIds: string[] }
export interface MessageView {
  id: string; chatId: string; sequence: number; senderId: string; clientMessageId: string; kind: string;
  text: string | null; replyToId: string | null; forwardedFromId: string | null; attachments: AttachmentView[];
  reactions: ReactionView[]; payload: string | null; createdAt: string; editedAt: string | null; deleted: boolean;
}
export interface MemberView { userId: string; role: string; deliveredUpTo: number; readUpTo: number }
export interface ChatView {
  id: string; kind: "Direct" | "Group"; title: string | null; lastSequence: number; createdAt: string;
  members: MemberView[]; inviteCode: string | null;
}
export interface ChatSummary {
  id: string; kind: "Direct" | "Group"; title: string | null; memberIds: string[]; lastSequence: number;
  unread: number; lastMessage: MessageView | null;
}
export interface ChatUpdateView {
  id: number; chatId: string; kind: string; at: string;
  message?: MessageView | null; member?: MemberView | null; chat?: ChatView | null;
}
export interface UpdatePage { updates: ChatUpdateView[]; cursor: number; hasMore: boolean }
export interface TypingView { chatId: string; userId: string }
export interface PresenceView { userId: string; online: boolean; lastSeen: string | null }
export interface MediaView { id: string; url: string; contentType: string; size: number; alreadyStored: boolean }

export interface WalletView { address: string; chainId: number; chatCoin: string; eth: string; chat: string; pendingOut: string }
export type TransferStatus = "Requested" | "Signed" | "Broadcast" | "Confirmed" | "Failed";
export interface TransferView {
  id: string; kind: "Transfer" | "Withdrawal"; status: TransferStatus; from: string; to: string; amount: string; token: string;
  requestedAt: string; txHash: string | null; blockNumber: number | null; failureReason: string | null; completedAt: string | null;
}
export interface HistoryEntry {
  id: string; direction: "Outgoing" | "Incoming"; status: TransferStatus; counterparty: string; amount: string; token: string;
  at: string; txHash: string | null; blockNumber: number | null;
}
export interface HistoryPage { items: HistoryEntry[]; page: number; pageSize: number; hasMore: boolean }
export interface ReceiveView { address: string; chainId: number; chatCoin: string; amount: string | null; uri: string }
export interface ExportedKey { address: string; privateKey: string }

export type PaymentKind = "Transfer" | "Tip" | "Envelope" | "Circle" | "Threshold"
  | "WalletTransfer" | "Withdraw" | "ExportKey" | "Delegate" | "PasskeyAdd" | "PasskeyRename" | "PasskeyRemove";
/** The terms a payment's passkey confirmation binds (src/Api/Payments/PaymentTerms.cs). */
export interface PaymentTerms {
  kind: PaymentKind; chatId: string | null; amount: string; idempotencyKey?: string; toUserId?: string | null; toAddress?: string | null;
  messageId?: string | null; shares?: number | null; split?: string | null; expiresAt?: string | null; periods?: number | null;
  price?: string | null; circleId?: string | null;
  // Custody kinds (src/Api/Custody): wallet recipient, delegatee, device.
  to?: string | null; token?: string | null; acknowledgeContractRecipient?: boolean | null; passkeyId?: string | null; name?: string | null;
}
/** method "passkey": WebAuthn request options; "eip712": typed data for the account's own Ethereum key. */
export interface ConfirmationView { ceremonyId: string; options: any; terms: PaymentTerms; summary: string; method?: "passkey" | "eip712" }
export interface PasskeyView { id: string; name: string; createdAt: string; lastUsedAt: string | null }
export interface PaymentView { paymentId: string; transferId: string | null; messageId: string | null; status: string; txHash: string | null; failureReason: string | null; created: boolean }

export interface VoteView { voter: string; support: string; weight: string; reason: string; txHash: string }
export interface ProposalView {
  proposalId: string; proposer: string; template: string; title: string; description: string; state: string; for: string; against: string;
  abstain: string; quorum: string; quorumProgress: number; voteStart: string; voteEnd: string; eta: string | null; messageId: string | null;
  votes: VoteView[];
}
export interface VotingPowerView { address: string; votes: string; balance: string; delegatesTo: string; at: string }

export type CircleAccess = "Open" | "InviteOnly" | "Pay" | "Hold" | "PayAndHold";
export interface CircleView {
  chatId: string; title: string; description: string; access: CircleAccess; price: string; periodSeconds: number; minBalance: string;
  memberCount: number; onChainId: string | null; closed: boolean;
}

using System.Globalization;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>Requested → Signed → Broadcast → Confirmed | Failed; a fee bump goes Broadcast → Signed again.</summary>
public enum TransferStatus { Requested, Signed, Broadcast, Confirmed, Failed }

/// <summary>
/// What the forwarded call does. <see cref="OutgoingTransfer.To"/> is the recipient (Transfer, Withdrawal), the author
/// (Tip), the delegatee (Delegate), or the contract called (the envelope and governor kinds);
/// <see cref="OutgoingTransfer.Amount"/> is what leaves the account (zero for everything but transfers, tips and new envelopes).
/// </summary>
public enum TransferKind { Transfer, Withdrawal, Tip, EnvelopeCreate, EnvelopeClaim, EnvelopeRefund, Delegate, Propose, Vote, Queue, Execute,
    CircleRegister, CirclePay, CirclePrice, CircleClose, CircleSettle, EnvelopeClose, EnvelopeReveal, EnvelopeSettle, RewardWelcome, RewardInvite }

/// <summary>
/// One ChatCoin payment in the outbox. The row exists before anything is signed, and the signed transaction is stored
/// before it is broadcast, so a crash at any point resumes with the same bytes and never pays twice. Several rows signed
/// in one pass share one relayer transaction (a batch: the same <see cref="RelayNonce"/> and <see cref="TxHash"/>, whose
/// bytes are a <see cref="RelayTransaction"/>) and move through their states together.
/// </summary>
public sealed class OutgoingTransfer
{
    OutgoingTransfer() { }

    public OutgoingTransfer(Guid id, int accountIndex, string idempotencyKey, TransferKind kind, string from, string to, BigInteger amount,
        DateTime requestedAt, string? details = null)
    {
        Details = details;
        Id = id;
        AccountIndex = accountIndex;
        IdempotencyKey = idempotencyKey;
        Kind = kind;
        From = from;
        To = to;
        Amount = amount.ToString(CultureInfo.InvariantCulture);
        RequestedAt = requestedAt;
    }

    public Guid Id { get; private set; }
    public int AccountIndex { get; private set; }
    public string IdempotencyKey { get; private set; } = "";
    public TransferKind Kind { get; private set; }
    public string From { get; private set; } = "";
    public string To { get; private set; } = "";
    /// <summary>Base units (10^-18 CHAT) as a decimal string: uint256 does not fit a database integer.</summary>
    public string Amount { get; private set; } = "0";
    public DateTime RequestedAt { get; private set; }

    /// <summary>The call's own terms as JSON (tip message ref, envelope terms, claim voucher), one record per kind in Actions/ (see <see cref="Actions.IChainAction"/>).</summary>
    public string? Details { get; private set; }

    /// <summary>What the chain answered, read from the receipt's logs: the new envelope's id, the share claimed, the refund.</summary>
    public string? Outcome { get; private set; }
    public TransferStatus Status { get; private set; } = TransferStatus.Requested;

    /// <summary>The user's ERC2771Forwarder nonce this request was signed for: the chain runs it at most once.</summary>
    public long? ForwardNonce { get; private set; }
    /// <summary>The relayer's account nonce; a fee bump keeps it, so only one of the versions can be mined.</summary>
    public long? RelayNonce { get; private set; }
    public string? TxHash { get; private set; }
    /// <summary>Hashes of versions replaced by fee bumps, comma-separated: one of them may still be the one mined.</summary>
    public string? ReplacedTxHashes { get; private set; }
    public string? MaxFeePerGas { get; private set; }
    public string? MaxPriorityFeePerGas { get; private set; }
    public DateTime? SignedAt { get; private set; }
    public DateTime? BroadcastAt { get; private set; }
    public long? BlockNumber { get; private set; }
    /// <summary>The hash of the block that mined it: a reorg that replaces that block is noticed by its hash changing.</summary>
    public string? BlockHash { get; private set; }
    public string? FailureReason { get; private set; }
    public DateTime? CompletedAt { get; private set; }

    public BigInteger AmountUnits => BigInteger.Parse(Amount, CultureInfo.InvariantCulture);

    public bool InFlight => Status is TransferStatus.Requested or TransferStatus.Signed or TransferStatus.Broadcast;

    public IEnumerable<string> AllTxHashes =>
        (ReplacedTxHashes?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? []).Append(TxHash).OfType<string>();

    public void MarkSigned(long forwardNonce, long relayNonce, SignedRelay relay, DateTime at)
    {
        Move(TransferStatus.Requested, TransferStatus.Signed);
        (ForwardNonce, RelayNonce, SignedAt) = (forwardNonce, relayNonce, at);
        Store(relay);
    }

    public void MarkBroadcast(DateTime at)
    {
        Move(TransferStatus.Signed, TransferStatus.Broadcast);
        BroadcastAt = at;
    }

    /// <summary>The node had dropped it: the same bytes were sent again.</summary>
    public void MarkResent(DateTime at)
    {
        Move(TransferStatus.Broadcast, TransferStatus.Broadcast);
        BroadcastAt = at;
    }

    /// <summary>A fee bump: the same nonce with higher fees, stored before it is sent (so it is Signed again).</summary>
    public void MarkReplaced(SignedRelay relay, DateTime at)
    {
        Move(TransferStatus.Broadcast, TransferStatus.Signed);
        ReplacedTxHashes = ReplacedTxHashes is null ? TxHash : $"{ReplacedTxHashes},{TxHash}";
        SignedAt = at;
        Store(relay);
    }

    /// <summary>The node refused the stored version as underpriced before it was ever sent: the same nonce at a higher price.</summary>
    public void MarkRepriced(SignedRelay relay, DateTime at)
    {
        Move(TransferStatus.Signed, TransferStatus.Signed);
        ReplacedTxHashes = ReplacedTxHashes is null ? TxHash : $"{ReplacedTxHashes},{TxHash}";
        SignedAt = at;
        Store(relay);
    }

    /// <summary>
    /// Its relayer nonce was used by a transaction that is none of its versions: the same signed forward request under a
    /// new relayer nonce (the forwarder nonce still guarantees it runs at most once).
    /// </summary>
    public void MarkRenonced(long relayNonce, SignedRelay relay, DateTime at)
    {
        Move(TransferStatus.Broadcast, TransferStatus.Signed);
        ReplacedTxHashes = ReplacedTxHashes is null ? TxHash : $"{ReplacedTxHashes},{TxHash}";
        (RelayNonce, SignedAt) = (relayNonce, at);
        Store(relay);
    }

    /// <summary>Mined and succeeded; <paramref name="txHash"/> may be a replaced version, whichever the chain took.</summary>
    public void MarkConfirmed(string txHash, long blockNumber, string blockHash, DateTime at, string? outcome = null)
    {
        Move(TransferStatus.Broadcast, TransferStatus.Confirmed);
        (TxHash, BlockNumber, BlockHash, CompletedAt, Outcome) = (txHash, blockNumber, blockHash.ToLowerInvariant(), at, outcome);
    }

    /// <summary>Mined and reverted: the relayer paid the gas, no coins moved.</summary>
    public void MarkReverted(string txHash, long blockNumber, string blockHash, DateTime at)
    {
        Move(TransferStatus.Broadcast, TransferStatus.Failed);
        (TxHash, BlockNumber, BlockHash, CompletedAt, FailureReason) = (txHash, blockNumber, blockHash.ToLowerInvariant(), at, Reverted);
    }

    /// <summary>
    /// Its batch was mined but the forwarder skipped its request (expired, or a signature that no longer matches): the
    /// request's nonce was not used, nothing ran, no coins moved.
    /// </summary>
    public void MarkNotRun(string txHash, long blockNumber, string blockHash, DateTime at)
    {
        Move(TransferStatus.Broadcast, TransferStatus.Failed);
        (TxHash, BlockNumber, BlockHash, CompletedAt, FailureReason) = (txHash, blockNumber, blockHash.ToLowerInvariant(), at, NotRun);
    }

    public const string Reverted = "reverted on chain";
    public const string NotRun = "refused by the forwarder";

    /// <summary>
    /// A reorg replaced the block that mined it and the new chain mined it again elsewhere (possibly with the other outcome:
    /// the same call can revert or succeed against a different state).
    /// </summary>
    public void MarkRemined(string txHash, long blockNumber, string blockHash, bool succeeded, string? outcome, string failureReason = Reverted)
    {
        Outcome = succeeded ? outcome : null;
        if (Status is not (TransferStatus.Confirmed or TransferStatus.Failed) || BlockNumber is null)
            throw new InvalidOperationException($"Transfer {Id}: {Status} was never mined");
        Status = succeeded ? TransferStatus.Confirmed : TransferStatus.Failed;
        FailureReason = succeeded ? null : failureReason;
        (TxHash, BlockNumber, BlockHash) = (txHash, blockNumber, blockHash.ToLowerInvariant());
    }

    /// <summary>
    /// A reorg dropped the block that mined it and the new chain does not have it: the stored bytes go out again (Signed),
    /// so it still runs at most once.
    /// </summary>
    public void MarkUnmined()
    {
        if (Status is not (TransferStatus.Confirmed or TransferStatus.Failed) || BlockNumber is null)
            throw new InvalidOperationException($"Transfer {Id}: {Status} was never mined");
        Status = TransferStatus.Signed;
        (BlockNumber, BlockHash, CompletedAt, FailureReason, Outcome) = (null, null, null, null, null);
    }

    /// <summary>Refused before signing (e.g. the balance no longer covers it): nothing was sent.</summary>
    public void Reject(string reason, DateTime at)
    {
        Move(TransferStatus.Requested, TransferStatus.Failed);
        (FailureReason, CompletedAt) = (reason, at);
    }

    // The bytes themselves are a RelayTransaction, stored once for the whole batch.
    void Store(SignedRelay relay)
    {
        TxHash = relay.TxHash;
        MaxFeePerGas = relay.MaxFeePerGas.ToString(CultureInfo.InvariantCulture);
        MaxPriorityFeePerGas = relay.MaxPriorityFeePerGas.ToString(CultureInfo.InvariantCulture);
    }

    void Move(TransferStatus from, TransferStatus to) => Status = Status == from
        ? to
        : throw new InvalidOperationException($"Transfer {Id}: {Status} → {to} not allowed");

    public TransferView ToView() => new(Id, Kind, Status, From, To, Coins.Format(AmountUnits), "CHAT", RequestedAt,
        Status is TransferStatus.Broadcast or TransferStatus.Confirmed || BlockNumber is not null ? TxHash : null,
        BlockNumber, FailureReason, CompletedAt, Outcome);
}

/// <summary>A signed relayer transaction: what is stored (as a <see cref="RelayTransaction"/>) before it is sent.</summary>
public sealed record SignedRelay(string RawTransaction, string TxHash, BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas);

/// <summary>A transfer as its sender sees it. <c>TxHash</c> appears once the transaction has been sent.</summary>
public sealed record TransferView(
    Guid Id, TransferKind Kind, TransferStatus Status, string From, string To, string Amount, string Token,
    DateTime RequestedAt, string? TxHash, long? BlockNumber, string? FailureReason, DateTime? CompletedAt, string? Outcome = null);

sealed class OutgoingTransferConfiguration : IEntityTypeConfiguration<OutgoingTransfer>
{
    public void Configure(EntityTypeBuilder<OutgoingTransfer> entity)
    {
        entity.ToTable("OutgoingTransfers");
        entity.HasKey(t => t.Id);
        // Exactly once per client request: a retry with the same key finds the first row.
        entity.HasIndex(t => new { t.AccountIndex, t.IdempotencyKey }).IsUnique();
        entity.HasIndex(t => t.Status);
        entity.HasIndex(t => t.To);
        entity.HasIndex(t => t.TxHash);
        entity.HasIndex(t => t.BlockNumber);
        entity.Property(t => t.IdempotencyKey).HasMaxLength(100);
        entity.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        entity.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        entity.Property(t => t.From).HasMaxLength(42);
        entity.Property(t => t.To).HasMaxLength(42);
        entity.Property(t => t.Amount).HasMaxLength(80);
        entity.Property(t => t.TxHash).HasMaxLength(66);
        entity.Property(t => t.BlockHash).HasMaxLength(66);
        entity.Property(t => t.Details).HasMaxLength(2_000);
        entity.Property(t => t.Outcome).HasMaxLength(80);
        entity.Ignore(t => t.AmountUnits);
        entity.Ignore(t => t.InFlight);
        entity.Ignore(t => t.AllTxHashes);
    }
}

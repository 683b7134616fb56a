using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Nethereum.ABI;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Signing;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>The terms an outbox row keeps in <see cref="OutgoingTransfer.Details"/>, per kind.</summary>
public sealed record TipDetails(string MessageRef);

public sealed record EnvelopeCreateDetails(uint Shares, bool Equal, ulong ExpiresAt, string ChatRef);

public sealed record EnvelopeClaimDetails(string EnvelopeId, ulong Deadline, string Voucher);

public sealed record EnvelopeRefundDetails(string EnvelopeId);

/// <summary>A governor proposal's actions and description (propose), or its description hash (queue, execute).</summary>
public sealed record ProposalDetails(string[] Targets, string[] Values, string[] Calldatas, string? Description, string? DescriptionHash);

public sealed record VoteDetails(string ProposalId, byte Support, string Reason);

public sealed record CircleRegisterDetails(string Payout, string Price, ulong Period, string GroupRef);

public sealed record CirclePayDetails(string CircleId, ulong Periods, string ExpectedPrice);

public sealed record CirclePriceDetails(string CircleId, string Price);

public sealed record CircleSettleDetails(string CircleId, string[] Members);

/// <summary>
/// The call a forward request carries for one outbox row: target, calldata and the gas it may use. Built when the row is
/// signed, because an envelope's permit needs the account's current ChatCoin nonce (nothing else of the account is in
/// flight then, see <see cref="Broadcaster"/>).
/// </summary>
public sealed record OutboxCall(string Target, byte[] Data, BigInteger Gas)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    static readonly byte[] PermitTypeHash =
        Eip712Domain.Keccak("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    public static string Serialize<T>(T details) => JsonSerializer.Serialize(details, Json);

    public static T Read<T>(OutgoingTransfer row) =>
        JsonSerializer.Deserialize<T>(row.Details ?? throw new InvalidOperationException($"Transfer {row.Id} has no details"), Json)
        ?? throw new InvalidOperationException($"Transfer {row.Id}: unreadable details");

    public static async Task<OutboxCall> ForAsync(OutgoingTransfer row, ChainConnection chain, HdWallet wallet, ulong deadline, CancellationToken ct)
    {
        var contracts = chain.Contracts;
        switch (row.Kind)
        {
            case TransferKind.Transfer or TransferKind.Withdrawal:
                // Between two voters a move writes a vote and a vote-seconds checkpoint on each side (4 new slots).
                return new(contracts.ChatCoin, new TransferFunction { To = row.To, Value = row.AmountUnits }.GetCallData(), 220_000);
            case TransferKind.Tip:
                var tip = Read<TipDetails>(row);
                // ChatCoin.tip: the tipper's own transfer with a memo event, so no allowance is involved.
                return new(contracts.ChatCoin, new TipFunction { Author = row.To, Amount = row.AmountUnits, MessageRef = tip.MessageRef.HexToByteArray() }
                    .GetCallData(), 230_000);
            case TransferKind.EnvelopeCreate:
                var terms = Read<EnvelopeCreateDetails>(row);
                var signature = await SignPermitAsync(row, contracts.RedEnvelope, chain, wallet, deadline, ct);
                return new(contracts.RedEnvelope, new CreateWithPermitFunction
                {
                    Token = contracts.ChatCoin, Total = row.AmountUnits, Shares = terms.Shares, Mode = terms.Equal ? (byte)1 : (byte)0,
                    ExpiresAt = terms.ExpiresAt, Gatekeeper = wallet.AddressOf(WalletKeys.RelayerIndex),
                    ChatRef = terms.ChatRef.HexToByteArray(), PermitDeadline = deadline,
                    V = signature[64], R = signature[..32], S = signature[32..64],
                }.GetCallData(), 260_000);
            case TransferKind.EnvelopeClaim:
                var claim = Read<EnvelopeClaimDetails>(row);
                return new(contracts.RedEnvelope, new ClaimFunction
                {
                    Id = BigInteger.Parse(claim.EnvelopeId, CultureInfo.InvariantCulture), Deadline = claim.Deadline,
                    Voucher = claim.Voucher.HexToByteArray(),
                }.GetCallData(), 220_000);
            case TransferKind.EnvelopeRefund:
                var refund = Read<EnvelopeRefundDetails>(row);
                return new(contracts.RedEnvelope,
                    new RefundFunction { Id = BigInteger.Parse(refund.EnvelopeId, CultureInfo.InvariantCulture) }.GetCallData(), 100_000);
            case TransferKind.CircleRegister:
                var circle = Read<CircleRegisterDetails>(row);
                return new(contracts.CircleAccess, new RegisterCircleFunction
                {
                    Payout = circle.Payout, Price = BigInteger.Parse(circle.Price, CultureInfo.InvariantCulture), Period = circle.Period,
                    GroupRef = circle.GroupRef.HexToByteArray(),
                }.GetCallData(), 200_000);
            case TransferKind.CirclePay:
                var pay = Read<CirclePayDetails>(row);
                var paySignature = await SignPermitAsync(row, contracts.CircleAccess, chain, wallet, deadline, ct);
                return new(contracts.CircleAccess, new PayWithPermitFunction
                {
                    CircleId = BigInteger.Parse(pay.CircleId, CultureInfo.InvariantCulture), Periods = pay.Periods,
                    ExpectedPrice = BigInteger.Parse(pay.ExpectedPrice, CultureInfo.InvariantCulture), PermitDeadline = deadline,
                    V = paySignature[64], R = paySignature[..32], S = paySignature[32..64],
                }.GetCallData(), 320_000);
            case TransferKind.CirclePrice:
                var price = Read<CirclePriceDetails>(row);
                return new(contracts.CircleAccess, new SetCirclePriceFunction
                {
                    CircleId = BigInteger.Parse(price.CircleId, CultureInfo.InvariantCulture), Price = BigInteger.Parse(price.Price, CultureInfo.InvariantCulture),
                }.GetCallData(), 100_000);
            case TransferKind.CircleClose:
                var close = Read<CirclePriceDetails>(row);
                return new(contracts.CircleAccess, new CloseCircleFunction { CircleId = BigInteger.Parse(close.CircleId, CultureInfo.InvariantCulture) }
                    .GetCallData(), 100_000);
            case TransferKind.CircleSettle:
                var settle = Read<CircleSettleDetails>(row);
                return new(contracts.CircleAccess, new SettleCircleFunction
                {
                    CircleId = BigInteger.Parse(settle.CircleId, CultureInfo.InvariantCulture), Members = [.. settle.Members],
                }.GetCallData(), 120_000 + 80_000 * settle.Members.Length);
            case TransferKind.Delegate:
                // Redelegating moves votes between two delegates: up to 4 new checkpoint slots (votes and vote-seconds).
                return new(contracts.ChatCoin, new DelegateFunction { Delegatee = row.To }.GetCallData(), 200_000);
            case TransferKind.Vote:
                var vote = Read<VoteDetails>(row);
                return new(contracts.Governor, new CastVoteWithReasonFunction
                {
                    ProposalId = BigInteger.Parse(vote.ProposalId, CultureInfo.InvariantCulture), Support = vote.Support, Reason = vote.Reason,
                }.GetCallData(), 250_000);
            case TransferKind.Propose or TransferKind.Queue or TransferKind.Execute:
                var proposal = Read<ProposalDetails>(row);
                var targets = proposal.Targets.ToList();
                var values = proposal.Values.Select(v => BigInteger.Parse(v, CultureInfo.InvariantCulture)).ToList();
                var calldatas = proposal.Calldatas.Select(c => c.HexToByteArray()).ToList();
                byte[] data = row.Kind switch
                {
                    TransferKind.Propose => new ProposeFunction { Targets = targets, Values = values, Calldatas = calldatas, Description = proposal.Description! }.GetCallData(),
                    TransferKind.Queue => new QueueFunction { Targets = targets, Values = values, Calldatas = calldatas, DescriptionHash = proposal.DescriptionHash!.HexToByteArray() }.GetCallData(),
                    _ => new ExecuteProposalFunction { Targets = targets, Values = values, Calldatas = calldatas, DescriptionHash = proposal.DescriptionHash!.HexToByteArray() }.GetCallData(),
                };
                return new(contracts.Governor, data, row.Kind == TransferKind.Propose ? 400_000 : 500_000);
            default:
                throw new InvalidOperationException($"Transfer {row.Id}: unknown kind {row.Kind}");
        }
    }

    /// <summary>
    /// EIP-2612: the user's key lets <paramref name="spender"/> pull exactly the row's amount of CHAT, in the same forwarded
    /// call. Signed at signing time: the permit carries the account's current ChatCoin nonce.
    /// </summary>
    static async Task<byte[]> SignPermitAsync(OutgoingTransfer row, string spender, ChainConnection chain, HdWallet wallet, ulong deadline,
        CancellationToken ct)
    {
        var coin = chain.Contracts.ChatCoin;
        var nonce = await chain.Web3.Eth.GetContract(Contracts.ContractArtifact.ChatCoin.Abi, coin)
            .GetFunction("nonces").CallAsync<BigInteger>(row.From).WaitAsync(ChainReads.RequestTimeout, ct);
        var digest = new Eip712Domain("ChatCoin", "1", chain.ChainId, coin).Digest(PermitTypeHash,
            new ABIValue("address", row.From), new ABIValue("address", spender),
            new ABIValue("uint256", row.AmountUnits), new ABIValue("uint256", nonce), new ABIValue("uint256", new BigInteger(deadline)));
        return wallet.SignDigest(row.AccountIndex, digest);
    }

    /// <summary>What the receipt says the call did, for the kinds whose result only the chain knows.</summary>
    public static string? OutcomeOf(OutgoingTransfer row, TransactionReceipt receipt)
    {
        return row.Kind switch
        {
            TransferKind.EnvelopeCreate => receipt.DecodeAllEvents<EnvelopeCreatedEvent>().FirstOrDefault()?.Event.Id.ToString(CultureInfo.InvariantCulture),
            TransferKind.EnvelopeClaim => receipt.DecodeAllEvents<EnvelopeClaimedEvent>().FirstOrDefault()?.Event.Amount.ToString(CultureInfo.InvariantCulture),
            TransferKind.EnvelopeRefund => receipt.DecodeAllEvents<EnvelopeRefundedEvent>().FirstOrDefault()?.Event.Amount.ToString(CultureInfo.InvariantCulture),
            TransferKind.CircleRegister => receipt.DecodeAllEvents<CircleRegisteredEvent>().FirstOrDefault()?.Event.CircleId.ToString(CultureInfo.InvariantCulture),
            TransferKind.CirclePay => receipt.DecodeAllEvents<CirclePaidEvent>().FirstOrDefault()?.Event.Expiry.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    [Function("transfer", "bool")]
    sealed class TransferFunction : FunctionMessage
    {
        [Parameter("address", "to", 1)] public string To { get; set; } = "";
        [Parameter("uint256", "value", 2)] public BigInteger Value { get; set; }
    }

    [Function("tip")]
    sealed class TipFunction : FunctionMessage
    {
        [Parameter("address", "author", 1)] public string Author { get; set; } = "";
        [Parameter("uint256", "amount", 2)] public BigInteger Amount { get; set; }
        [Parameter("bytes32", "messageRef", 3)] public byte[] MessageRef { get; set; } = [];
    }

    [Function("createWithPermit", "uint256")]
    sealed class CreateWithPermitFunction : FunctionMessage
    {
        [Parameter("address", "token", 1)] public string Token { get; set; } = "";
        [Parameter("uint128", "total", 2)] public BigInteger Total { get; set; }
        [Parameter("uint32", "shares", 3)] public uint Shares { get; set; }
        [Parameter("uint8", "mode", 4)] public byte Mode { get; set; }
        [Parameter("uint64", "expiresAt", 5)] public ulong ExpiresAt { get; set; }
        [Parameter("address", "gatekeeper", 6)] public string Gatekeeper { get; set; } = "";
        [Parameter("bytes32", "chatRef", 7)] public byte[] ChatRef { get; set; } = [];
        [Parameter("uint256", "permitDeadline", 8)] public BigInteger PermitDeadline { get; set; }
        [Parameter("uint8", "v", 9)] public byte V { get; set; }
        [Parameter("bytes32", "r", 10)] public byte[] R { get; set; } = [];
        [Parameter("bytes32", "s", 11)] public byte[] S { get; set; } = [];
    }

    [Function("claim", "uint256")]
    sealed class ClaimFunction : FunctionMessage
    {
        [Parameter("uint256", "id", 1)] public BigInteger Id { get; set; }
        [Parameter("uint64", "deadline", 2)] public ulong Deadline { get; set; }
        [Parameter("bytes", "voucher", 3)] public byte[] Voucher { get; set; } = [];
    }

    [Function("refund", "uint256")]
    sealed class RefundFunction : FunctionMessage
    {
        [Parameter("uint256", "id", 1)] public BigInteger Id { get; set; }
    }

    [Function("registerCircle", "uint256")]
    sealed class RegisterCircleFunction : FunctionMessage
    {
        [Parameter("address", "payout", 1)] public string Payout { get; set; } = "";
        [Parameter("uint96", "price", 2)] public BigInteger Price { get; set; }
        [Parameter("uint48", "period", 3)] public ulong Period { get; set; }
        [Parameter("bytes32", "groupRef", 4)] public byte[] GroupRef { get; set; } = [];
    }

    [Function("payWithPermit", "uint64")]
    sealed class PayWithPermitFunction : FunctionMessage
    {
        [Parameter("uint256", "circleId", 1)] public BigInteger CircleId { get; set; }
        [Parameter("uint64", "periods", 2)] public ulong Periods { get; set; }
        [Parameter("uint96", "expectedPrice", 3)] public BigInteger ExpectedPrice { get; set; }
        [Parameter("uint256", "permitDeadline", 4)] public BigInteger PermitDeadline { get; set; }
        [Parameter("uint8", "v", 5)] public byte V { get; set; }
        [Parameter("bytes32", "r", 6)] public byte[] R { get; set; } = [];
        [Parameter("bytes32", "s", 7)] public byte[] S { get; set; } = [];
    }

    [Function("setPrice")]
    sealed class SetCirclePriceFunction : FunctionMessage
    {
        [Parameter("uint256", "circleId", 1)] public BigInteger CircleId { get; set; }
        [Parameter("uint96", "price", 2)] public BigInteger Price { get; set; }
    }

    [Function("close")]
    sealed class CloseCircleFunction : FunctionMessage
    {
        [Parameter("uint256", "circleId", 1)] public BigInteger CircleId { get; set; }
    }

    [Function("settle")]
    sealed class SettleCircleFunction : FunctionMessage
    {
        [Parameter("uint256", "circleId", 1)] public BigInteger CircleId { get; set; }
        [Parameter("address[]", "members", 2)] public List<string> Members { get; set; } = [];
    }

    [Event("CircleRegistered")]
    sealed class CircleRegisteredEvent : IEventDTO
    {
        [Parameter("uint256", "circleId", 1, true)] public BigInteger CircleId { get; set; }
        [Parameter("address", "owner", 2, true)] public string Owner { get; set; } = "";
        [Parameter("address", "payout", 3, false)] public string Payout { get; set; } = "";
        [Parameter("uint96", "price", 4, false)] public BigInteger Price { get; set; }
        [Parameter("uint48", "period", 5, false)] public ulong Period { get; set; }
        [Parameter("bytes32", "groupRef", 6, false)] public byte[] GroupRef { get; set; } = [];
    }

    [Event("CirclePaid")]
    sealed class CirclePaidEvent : IEventDTO
    {
        [Parameter("uint256", "circleId", 1, true)] public BigInteger CircleId { get; set; }
        [Parameter("address", "member", 2, true)] public string Member { get; set; } = "";
        [Parameter("uint64", "periods", 3, false)] public ulong Periods { get; set; }
        [Parameter("uint96", "price", 4, false)] public BigInteger Price { get; set; }
        [Parameter("uint64", "expiry", 5, false)] public ulong Expiry { get; set; }
    }

    [Function("delegate")]
    sealed class DelegateFunction : FunctionMessage
    {
        [Parameter("address", "delegatee", 1)] public string Delegatee { get; set; } = "";
    }

    [Function("castVoteWithReason", "uint256")]
    sealed class CastVoteWithReasonFunction : FunctionMessage
    {
        [Parameter("uint256", "proposalId", 1)] public BigInteger ProposalId { get; set; }
        [Parameter("uint8", "support", 2)] public byte Support { get; set; }
        [Parameter("string", "reason", 3)] public string Reason { get; set; } = "";
    }

    [Function("propose", "uint256")]
    sealed class ProposeFunction : FunctionMessage
    {
        [Parameter("address[]", "targets", 1)] public List<string> Targets { get; set; } = [];
        [Parameter("uint256[]", "values", 2)] public List<BigInteger> Values { get; set; } = [];
        [Parameter("bytes[]", "calldatas", 3)] public List<byte[]> Calldatas { get; set; } = [];
        [Parameter("string", "description", 4)] public string Description { get; set; } = "";
    }

    [Function("queue", "uint256")]
    sealed class QueueFunction : FunctionMessage
    {
        [Parameter("address[]", "targets", 1)] public List<string> Targets { get; set; } = [];
        [Parameter("uint256[]", "values", 2)] public List<BigInteger> Values { get; set; } = [];
        [Parameter("bytes[]", "calldatas", 3)] public List<byte[]> Calldatas { get; set; } = [];
        [Parameter("bytes32", "descriptionHash", 4)] public byte[] DescriptionHash { get; set; } = [];
    }

    [Function("execute", "uint256")]
    sealed class ExecuteProposalFunction : FunctionMessage
    {
        [Parameter("address[]", "targets", 1)] public List<string> Targets { get; set; } = [];
        [Parameter("uint256[]", "values", 2)] public List<BigInteger> Values { get; set; } = [];
        [Parameter("bytes[]", "calldatas", 3)] public List<byte[]> Calldatas { get; set; } = [];
        [Parameter("bytes32", "descriptionHash", 4)] public byte[] DescriptionHash { get; set; } = [];
    }

    [Event("EnvelopeCreated")]
    sealed class EnvelopeCreatedEvent : IEventDTO
    {
        [Parameter("uint256", "id", 1, true)] public BigInteger Id { get; set; }
        [Parameter("address", "creator", 2, true)] public string Creator { get; set; } = "";
        [Parameter("address", "token", 3, true)] public string Token { get; set; } = "";
        [Parameter("uint128", "total", 4, false)] public BigInteger Total { get; set; }
        [Parameter("uint32", "shares", 5, false)] public uint Shares { get; set; }
        [Parameter("uint8", "mode", 6, false)] public byte Mode { get; set; }
        [Parameter("uint64", "expiresAt", 7, false)] public ulong ExpiresAt { get; set; }
        [Parameter("address", "gatekeeper", 8, false)] public string Gatekeeper { get; set; } = "";
        [Parameter("bytes32", "chatRef", 9, false)] public byte[] ChatRef { get; set; } = [];
    }

    [Event("EnvelopeClaimed")]
    sealed class EnvelopeClaimedEvent : IEventDTO
    {
        [Parameter("uint256", "id", 1, true)] public BigInteger Id { get; set; }
        [Parameter("address", "claimer", 2, true)] public string Claimer { get; set; } = "";
        [Parameter("uint256", "amount", 3, false)] public BigInteger Amount { get; set; }
    }

    [Event("EnvelopeRefunded")]
    sealed class EnvelopeRefundedEvent : IEventDTO
    {
        [Parameter("uint256", "id", 1, true)] public BigInteger Id { get; set; }
        [Parameter("address", "creator", 2, true)] public string Creator { get; set; } = "";
        [Parameter("uint256", "amount", 3, false)] public BigInteger Amount { get; set; }
    }
}

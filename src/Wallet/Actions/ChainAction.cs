using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Actions;

/// <summary>
/// The call a forward request carries for one outbox row: target, calldata and the gas the forwarder passes on (a limit,
/// not what is used: the relayer pays for what the call uses).
/// </summary>
public sealed record ChainCall(string Target, byte[] Data, BigInteger Gas);

/// <summary>What an action may use when its row is signed: the chain, the keys, and the request's EIP-712 deadline.</summary>
public sealed record ActionContext(ChainConnection Chain, HdWallet Wallet, ulong Deadline);

/// <summary>
/// One kind of on-chain action of the outbox: its details are a record serialized into <see cref="OutgoingTransfer.Details"/>,
/// its call is encoded through the forge ABI embedded from contracts/out, its gas is a named limit that
/// ChainActionGasTests ties to contracts/snapshots (or to the node's estimate), and its outcome is read from the events
/// its call emitted. Registered by kind in <see cref="ChainActions"/>; adding an action is one file and a registration.
/// </summary>
public interface IChainAction
{
    TransferKind Kind { get; }

    /// <summary>Built when the row is signed (an envelope's permit needs the account's current ChatCoin nonce).</summary>
    ValueTask<ChainCall> CallAsync(OutgoingTransfer row, ActionContext context, CancellationToken ct);

    /// <summary>What the chain answered, from the logs of this row's own call; null for kinds whose result needs no reading.</summary>
    string? OutcomeOf(IReadOnlyList<FilterLog> logs) => null;
}

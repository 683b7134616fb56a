using System.Numerics;
using Nethereum.ABI;
using Nethereum.Util;
using OpenChat.Chain.Wallet.Actions;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Signing;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// An ERC-2771 meta-transaction for OpenZeppelin's ERC2771Forwarder ("OpenChat Forwarder", version "1"): the user signs
/// it with their own key, the relayer submits it in a batch, executeBatch(...), and pays the gas; the target sees the user as
/// _msgSender(). The forwarder checks the signature against its current nonce for <c>From</c> and then uses the
/// nonce up, so a request runs at most once, whoever sends it and however often.
/// </summary>
public sealed record ForwardRequest(
    long ChainId, string Forwarder, string From, string To, BigInteger Value, BigInteger Gas, BigInteger Nonce, ulong Deadline, byte[] Data)
{
    public const string DomainName = "OpenChat Forwarder";
    static readonly byte[] RequestTypeHash =
        Eip712Domain.Keccak("ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data)");

    /// <summary>
    /// What one request adds to executeBatch(...)'s gas limit besides its forwarded gas: its calldata (about 500 bytes),
    /// the EIP-712 hash and ecrecover, the nonce's first write (22,100), the event, and the 1/63 the forwarder must keep
    /// back after the call (EIP-150), with room to spare.
    /// </summary>
    public static readonly BigInteger BatchRequestOverhead = 60_000;

    /// <summary>executeBatch(...)'s own share: the transaction's 21,000 and the loop around the requests.</summary>
    public static readonly BigInteger BatchOverhead = 40_000;

    /// <summary>This request's share of an executeBatch(...) gas limit.</summary>
    public BigInteger BatchGas => Gas + BatchRequestOverhead;

    /// <summary><paramref name="call"/> from <paramref name="from"/>, relayed.</summary>
    public static ForwardRequest For(long chainId, string forwarder, string from, ChainCall call, BigInteger nonce, ulong deadline) =>
        new(chainId, forwarder, from, call.Target, 0, call.Gas, nonce, deadline, call.Data);

    /// <summary>EIP-712 digest of the request in the forwarder's domain; dynamic bytes enter as keccak256(data).</summary>
    public byte[] Digest() => new Eip712Domain(DomainName, "1", ChainId, Forwarder).Digest(RequestTypeHash,
        new ABIValue("address", From),
        new ABIValue("address", To),
        new ABIValue("uint256", Value),
        new ABIValue("uint256", Gas),
        new ABIValue("uint256", Nonce),
        new ABIValue("uint48", new BigInteger(Deadline)),
        new ABIValue("bytes32", Sha3Keccack.Current.CalculateHash(Data)));

    /// <summary>
    /// Calldata of forwarder.executeBatch(requests, refundReceiver). A non-zero refund receiver makes the batch
    /// non-atomic (OpenZeppelin 5): an invalid request is skipped and a reverting one recorded as failed, and the others
    /// still run. Each signature is r ‖ s ‖ v over its request's <see cref="Digest"/>.
    /// </summary>
    public static byte[] ExecuteBatchCallData(IEnumerable<(ForwardRequest Request, byte[] Signature)> requests, string refundReceiver) =>
        ContractArtifact.ERC2771Forwarder.Encode("executeBatch", requests.Select(r => r.Request.Signed(r.Signature)).ToList(), refundReceiver);

    // ERC2771Forwarder.ForwardRequestData, in its field order: the signed fields without the nonce (the forwarder supplies it).
    object[] Signed(byte[] signature) => [From, To, Value, Gas, new BigInteger(Deadline), Data, signature];
}

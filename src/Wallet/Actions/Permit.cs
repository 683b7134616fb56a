using System.Numerics;
using Nethereum.ABI;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Signing;

namespace OpenChat.Chain.Wallet.Actions;

/// <summary>
/// EIP-2612: the user's key lets a spender pull exactly the row's amount of CHAT, in the same forwarded call. Signed at
/// signing time: the permit carries the account's current ChatCoin nonce (nothing else of the account is in flight then).
/// </summary>
static class Permit
{
    static readonly byte[] PermitTypeHash =
        Eip712Domain.Keccak("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    /// <summary>The 65-byte signature r ‖ s ‖ v.</summary>
    public static async Task<byte[]> SignAsync(OutgoingTransfer row, string spender, ActionContext context, CancellationToken ct)
    {
        var chain = context.Chain;
        var coin = chain.Contracts.ChatCoin;
        var nonce = await chain.Web3.Eth.GetContract(ContractArtifact.ChatCoin.Abi, coin)
            .GetFunction("nonces").CallAsync<BigInteger>(row.From).WaitAsync(ChainReads.RequestTimeout, ct);
        var digest = new Eip712Domain("ChatCoin", "1", chain.ChainId, coin).Digest(PermitTypeHash,
            new ABIValue("address", row.From), new ABIValue("address", spender),
            new ABIValue("uint256", row.AmountUnits), new ABIValue("uint256", nonce), new ABIValue("uint256", new BigInteger(context.Deadline)));
        return context.Wallet.SignDigest(row.AccountIndex, digest);
    }
}

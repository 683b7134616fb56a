using System.Globalization;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Wallet.Transfers;

/// <summary>A payment request for the caller's account, as an EIP-681 URI that wallets (and their QR scanners) open.</summary>
public sealed record GetReceiveRequest(int AccountIndex, string? Amount = null) : IQuery<Result<ReceiveView>>;

public sealed record ReceiveView(string Address, long ChainId, string ChatCoin, string? Amount, string Uri);

public sealed class GetReceiveRequestHandler(WalletKeys keys, ChainStatus chain) : IQueryHandler<GetReceiveRequest, Result<ReceiveView>>
{
    public async ValueTask<Result<ReceiveView>> Handle(GetReceiveRequest query, CancellationToken ct)
    {
        var amount = query.Amount is null ? default(Result<System.Numerics.BigInteger>?) : Coins.Parse(query.Amount);
        if (amount?.Error is { } amountError) return amountError;
        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        if (chain.Connection is not { } connection) return WalletErrors.ChainUnavailable;
        var me = wallet.AddressOf(query.AccountIndex);
        // EIP-681: ethereum:<token contract>@<chain id>/transfer?address=<recipient>&uint256=<base units>
        var uri = $"ethereum:{connection.Contracts.ChatCoin}@{connection.ChainId}/transfer?address={me}";
        if (amount is { Value: var units }) uri += $"&uint256={units.ToString(CultureInfo.InvariantCulture)}";
        return new ReceiveView(me, connection.ChainId, connection.Contracts.ChatCoin,
            amount is { Value: var v } ? Coins.Format(v) : null, uri);
    }
}

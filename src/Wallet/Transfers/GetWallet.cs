using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Transfers;

/// <summary>The caller's custodial account: its address and its balances read from the chain now.</summary>
public sealed record GetWallet(int AccountIndex) : IQuery<Result<WalletView>>;

/// <summary>Amounts in whole coins as decimal strings; <c>PendingOut</c> is CHAT promised by transfers not yet confirmed.</summary>
public sealed record WalletView(string Address, long ChainId, string ChatCoin, string Eth, string Chat, string PendingOut);

public sealed class GetWalletHandler(WalletDb db, WalletKeys keys, ChainStatus chain) : IQueryHandler<GetWallet, Result<WalletView>>
{
    public async ValueTask<Result<WalletView>> Handle(GetWallet query, CancellationToken ct)
    {
        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        if (chain.Connection is not { } connection) return WalletErrors.ChainUnavailable;
        var address = wallet.AddressOf(query.AccountIndex);
        try
        {
            var eth = await connection.EthBalanceAsync(address, ct);
            var chat = await connection.CoinBalanceAsync(address, ct);
            var pending = await Outbox.InFlightAsync(db, query.AccountIndex, ct);
            return new WalletView(address, connection.ChainId, connection.Contracts.ChatCoin, Coins.Format(eth), Coins.Format(chat), Coins.Format(pending));
        }
        catch (Exception e) when (ChainReads.IsOutage(e))
        {
            return WalletErrors.ChainUnavailable;
        }
    }
}

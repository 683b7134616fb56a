using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenChat.Chain.Wallet.Chain;

namespace OpenChat.Chain.Wallet.Sending;

/// <summary>
/// Keeps the relayer able to pay for gas on the embedded chain (or wherever <see cref="WalletOptions.FundRelayer"/> says):
/// at most once a minute it reads the relayer's balance and, below <see cref="WalletOptions.RelayerMinimumEth"/>, has the
/// deployer send <see cref="WalletOptions.RelayerTopUpEth"/>. It never waits for that receipt: a later check sees the
/// top-up mined (or the balance still low, and sends another).
/// </summary>
public sealed partial class RelayerFunding(IOptions<WalletOptions> options, IOptions<ChainOptions> chainOptions, TimeProvider clock,
    ILogger<Broadcaster> logger)
{
    static readonly TimeSpan CheckEvery = TimeSpan.FromMinutes(1);
    DateTime _lastCheck = DateTime.MinValue;

    public async Task CheckAsync(ChainConnection chain, string relayer, CancellationToken ct)
    {
        var settings = options.Value;
        if (!(settings.FundRelayer ?? chainOptions.Value.UsesEmbeddedAnvil)) return;
        var now = clock.GetUtcNow().UtcDateTime;
        if (now - _lastCheck < CheckEvery) return;
        var balance = await chain.EthBalanceAsync(relayer, ct);
        _lastCheck = now;
        if (balance >= Broadcaster.ToWei(settings.RelayerMinimumEth)) return;
        // An ordinary ETH transfer from the deployer (anvil's funded dev account on the embedded chain); sent, not awaited.
        var hash = await chain.Web3.Eth.GetEtherTransferService().TransferEtherAsync(relayer, settings.RelayerTopUpEth).WaitAsync(ct);
        LogToppedUp(logger, relayer, settings.RelayerTopUpEth, chain.ChainId, hash);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relayer {Relayer} topped up with {Eth} ETH on chain {ChainId}: tx {TxHash}")]
    static partial void LogToppedUp(ILogger logger, string relayer, decimal eth, long chainId, string txHash);
}

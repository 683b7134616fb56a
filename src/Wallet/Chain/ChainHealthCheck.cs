using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Wallet.Chain;

/// <summary>
/// Healthy when the contracts are deployed, the chain answers now and the relayer (which pays every user's gas) has at
/// least Wallet:RelayerMinimumEth; the data says where and what.
/// </summary>
public sealed class ChainHealthCheck(ChainStatus status, WalletKeys keys, IOptions<WalletOptions> wallet) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (status.Connection is not { } chain)
        {
            var data = new Dictionary<string, object> { ["phase"] = status.Phase.ToString() };
            return status.Phase == ChainPhase.Failed
                ? HealthCheckResult.Unhealthy(status.Problem, data: data)
                : HealthCheckResult.Degraded(status.Problem ?? $"chain {status.Phase.ToString().ToLowerInvariant()}", data: data);
        }

        var facts = new Dictionary<string, object>
        {
            ["phase"] = status.Phase.ToString(),
            ["chainId"] = chain.ChainId,
            ["embedded"] = chain.Embedded,
            ["rpcUrl"] = chain.Embedded ? chain.RpcUrl.ToString() : chain.RpcUrl.GetLeftPart(UriPartial.Authority),
            ["contracts"] = chain.Contracts.ByName(),
        };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            var block = await chain.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(timeout.Token);
            facts["blockNumber"] = (long)block.Value;
            if (keys.Wallet is not { } hd)
                return HealthCheckResult.Degraded(keys.Problem is { } problem ? $"wallet keys: {problem}" : "wallet keys loading", data: facts);
            var relayer = hd.AddressOf(WalletKeys.RelayerIndex);
            var balance = await chain.EthBalanceAsync(relayer, timeout.Token);
            facts["relayer"] = relayer;
            facts["relayerBalanceEth"] = Coins.Format(balance);
            return balance < Broadcaster.ToWei(wallet.Value.RelayerMinimumEth)
                ? HealthCheckResult.Degraded($"the relayer has less than {wallet.Value.RelayerMinimumEth} ETH for gas", data: facts)
                : HealthCheckResult.Healthy("contracts deployed; chain answering; relayer funded", facts);
        }
        catch (Exception e) when (e is OperationCanceledException || ChainReads.IsOutage(e))
        {
            return HealthCheckResult.Degraded("the chain does not answer", data: facts);
        }
    }
}

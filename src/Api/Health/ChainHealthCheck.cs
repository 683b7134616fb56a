using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenChat.Chain.Wallet.Chain;

namespace OpenChat.Chain.Api.Health;

/// <summary>Healthy when the contracts are deployed and the chain answers now; the data says where and what.</summary>
sealed class ChainHealthCheck(ChainStatus status) : IHealthCheck
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
            return HealthCheckResult.Healthy("contracts deployed; chain answering", facts);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or Nethereum.JsonRpc.Client.RpcClientUnknownException)
        {
            return HealthCheckResult.Degraded("the chain does not answer", data: facts);
        }
    }
}

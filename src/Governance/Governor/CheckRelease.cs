using Mediator;
using Nethereum.Hex.HexConvertors.Extensions;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Governance.Governor;

/// <summary>Whether <see cref="Commit"/> (the one this service runs) is one governance approved in the ReleaseRegistry.</summary>
public sealed record CheckRelease(string? Commit) : IQuery<Result<ReleaseView>>;

public sealed record ReleaseView(string? Commit, bool Approved, string? LatestApproved, string Registry);

public sealed class CheckReleaseHandler(ChainStatus chain) : IQueryHandler<CheckRelease, Result<ReleaseView>>
{
    public async ValueTask<Result<ReleaseView>> Handle(CheckRelease query, CancellationToken ct)
    {
        if (chain.Connection is not { } connection || connection.Contracts.ReleaseRegistry.Length == 0) return WalletErrors.ChainUnavailable;
        var registry = connection.Web3.Eth.GetContract(ContractArtifact.ReleaseRegistry.Abi, connection.Contracts.ReleaseRegistry);
        var approved = query.Commit is not null
            && await registry.GetFunction("isApproved").CallAsync<bool>(query.Commit.HexToByteArray()).WaitAsync(ChainReads.RequestTimeout, ct);
        var latest = await registry.GetFunction("latest").CallAsync<byte[]>().WaitAsync(ChainReads.RequestTimeout, ct);
        var latestHex = latest.All(b => b == 0) ? null : Convert.ToHexStringLower(latest);
        return new ReleaseView(query.Commit, approved, latestHex, connection.Contracts.ReleaseRegistry);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenChat.Chain.Governance;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Actions;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Api.Tests.Governance;

/// <summary>Wallet and Governance together register exactly one chain action for every kind the outbox can hold.</summary>
public sealed class ChainActionRegistrationTests
{
    [Fact]
    public void ChainActions_OfWalletAndGovernance_CoverEveryTransferKindOnce()
    {
        var services = new ServiceCollection();
        services.AddWallet(new ConfigurationBuilder().Build(), new WalletPaths(Path.GetTempPath(), Path.GetTempPath()), db => db.UseSqlite("Data Source=:memory:"));
        services.AddGovernance(db => db.UseSqlite("Data Source=:memory:"));
        using var provider = services.BuildServiceProvider();

        var actions = provider.GetRequiredService<ChainActions>();

        Assert.Equal(Enum.GetValues<TransferKind>().Order(), actions.All.Select(a => a.Kind).Order());
    }
}

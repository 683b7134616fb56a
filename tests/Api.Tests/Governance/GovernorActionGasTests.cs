using System.Numerics;
using OpenChat.Chain.Governance.Governor;
using OpenChat.Chain.Tests.Support;

namespace OpenChat.Chain.Api.Tests.Governance;

/// <summary>
/// Governance's chain actions allow at least 10% more gas than forge measures for their calls (contracts/snapshots), as
/// Wallet.Tests' ChainActionGasTests check for Wallet's own actions.
/// </summary>
public sealed class GovernorActionGasTests
{
    const double Headroom = 1.10;

    public static TheoryData<string, string, string> Snapshotted => new()
    {
        { nameof(VoteAction), "CoinAgeGovernorGasTest", "castVote_coinAge_against" },
        { nameof(ProposeAction), "ChatGovernorGasTest", "propose" },
        { nameof(QueueAction), "ChatGovernorGasTest", "queue" },
        { nameof(ExecuteAction), "ChatGovernorGasTest", "execute" },
    };

    [Theory]
    [MemberData(nameof(Snapshotted))]
    public void GasLimit_OfAGovernorAction_CoversItsForgeSnapshotWithHeadroom(string action, string snapshot, string key)
    {
        var measured = ForgeSnapshots.Gas(snapshot, key);

        BigInteger limit = action switch
        {
            nameof(VoteAction) => VoteAction.Gas,
            nameof(ProposeAction) => ProposeAction.Gas,
            nameof(QueueAction) => QueueAction.Gas,
            _ => ExecuteAction.Gas,
        };

        Assert.True((double)limit >= measured * Headroom, $"{action} allows {limit} gas; {snapshot}.{key} measures {measured}");
    }
}

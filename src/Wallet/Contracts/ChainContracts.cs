namespace OpenChat.Chain.Wallet.Contracts;

/// <summary>Where the system's contracts live on one chain.</summary>
/// <param name="Tipping">Where tips are sent: ChatCoin itself (its <c>tip</c> is a transfer with a memo event), so the
/// same address as <paramref name="ChatCoin"/>; kept as a name for clients that read it.</param>
/// <param name="RewardsPool">Pays the welcome and invite rewards (governed by the timelock); empty until deployed.</param>
public sealed record ChainContracts(
    long ChainId,
    string Forwarder,
    string Timelock,
    string ChatCoin,
    string Governor,
    string RedEnvelope,
    string Tipping,
    string ReleaseRegistry,
    string CircleAccess,
    string RewardsPool = "")
{
    public IReadOnlyDictionary<string, string> ByName() => new Dictionary<string, string>
    {
        [nameof(Forwarder)] = Forwarder,
        [nameof(Timelock)] = Timelock,
        [nameof(ChatCoin)] = ChatCoin,
        [nameof(Governor)] = Governor,
        [nameof(RedEnvelope)] = RedEnvelope,
        [nameof(Tipping)] = Tipping,
        [nameof(ReleaseRegistry)] = ReleaseRegistry,
        [nameof(CircleAccess)] = CircleAccess,
        [nameof(RewardsPool)] = RewardsPool,
    };
}

namespace OpenChat.Chain.Wallet.Contracts;

/// <summary>Where the system's contracts live on one chain.</summary>
public sealed record ChainContracts(
    long ChainId,
    string Forwarder,
    string Timelock,
    string ChatCoin,
    string Governor,
    string RedEnvelope,
    string Tipping,
    string ReleaseRegistry,
    string CircleAccess)
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
    };
}

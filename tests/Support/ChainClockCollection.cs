using Xunit;

namespace OpenChat.Chain.Tests.Support;

/// <summary>
/// Tests that move the shared anvil's clock (governance periods, envelope expiry) or depend on deadlines run
/// one at a time: a jump of hours in one test would expire another's envelope or voucher mid-flight.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChainClockCollection
{
    public const string Name = "chain clock";
}

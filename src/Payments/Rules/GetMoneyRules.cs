using Mediator;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Envelopes;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Payments.Rules;

/// <summary>
/// The rules a money form checks as the person types, the same the server applies before any passkey prompt (see
/// CheckTerms and EnvelopeRules): amounts have at most 18 decimals; a red envelope has 1 to MaxEnvelopeShares shares
/// (MaxRandomEnvelopeShares for a random split: its Fair draw pays everyone in one transaction) of at least
/// MinEnvelopeShare CHAT each and expires within MaxEnvelopeHours. The balance is the wallet's own.
/// </summary>
public sealed record GetMoneyRules : IQuery<MoneyRules>;

/// <param name="MinEnvelopeShare">CHAT, as a decimal string (governance may change it: read from the chain, cached a minute).</param>
public sealed record MoneyRules(int Decimals, string MinEnvelopeShare, int MaxEnvelopeShares, int MaxEnvelopeHours, int MaxRandomEnvelopeShares);

public sealed class GetMoneyRulesHandler(EnvelopeRules envelopes) : IQueryHandler<GetMoneyRules, MoneyRules>
{
    public async ValueTask<MoneyRules> Handle(GetMoneyRules query, CancellationToken ct)
    {
        uint maxShares;
        System.Numerics.BigInteger minShare;
        try { (maxShares, minShare) = await envelopes.LimitsAsync(ct); }
        // The form still helps while the chain is away: the deploy defaults, which the server checks again anyway.
        catch (Exception e) when (ChainReads.IsOutage(e)) { (maxShares, minShare) = (1_000, System.Numerics.BigInteger.Pow(10, 16)); }
        return new MoneyRules(Coins.Decimals, Coins.Format(minShare), (int)maxShares, (int)EnvelopeRules.MaxLifetime.TotalHours,
            Math.Min((int)maxShares, EnvelopeRules.MaxFairShares));
    }
}

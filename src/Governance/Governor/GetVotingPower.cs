using Mediator;
using OpenChat.Chain.Governance.Proposals;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;
using OpenChat.Chain.Wallet.Votes;

namespace OpenChat.Chain.Governance.Governor;

/// <summary>An account's votes at a proposal's snapshot (or now), its balance, and whom it delegates to.</summary>
public sealed record GetVotingPower(int AccountIndex, string? ProposalId) : IQuery<Result<VotingPowerView>>;

/// <param name="ProposalThreshold">The votes proposing takes now (governance can change it), in CHAT: for the screen to say so.</param>
public sealed record VotingPowerView(string Address, string Votes, string Balance, string DelegatesTo, DateTimeOffset At, string? ProposalThreshold = null);

public sealed class GetVotingPowerHandler(ChainStatus chain, WalletKeys keys, IMediator mediator) : IQueryHandler<GetVotingPower, Result<VotingPowerView>>
{
    public async ValueTask<Result<VotingPowerView>> Handle(GetVotingPower query, CancellationToken ct)
    {
        if (chain.Connection is not { } connection || keys.Wallet is not { } wallet) return WalletErrors.ChainUnavailable;
        var address = wallet.AddressOf(query.AccountIndex);
        long at;
        if (query.ProposalId is null) at = await connection.ChainTimeAsync(ct) - 1;
        else
        {
            var proposal = await mediator.Send(new GetProposal(query.ProposalId), ct);
            if (proposal.Error is { } missing) return missing;
            at = proposal.Value!.VoteStart.ToUnixTimeSeconds();
            var now = await connection.ChainTimeAsync(ct);
            if (at >= now) at = now - 1; // the snapshot is still ahead: what would count if it were now
        }
        var votes = await connection.VotesAtAsync(address, at, ct);
        var balance = await connection.CoinBalanceAsync(address, ct);
        var delegatee = await connection.DelegateOfAsync(address, ct);
        var threshold = await connection.ProposalThresholdAsync(ct);
        return new VotingPowerView(address, Coins.Format(votes), Coins.Format(balance), delegatee, DateTimeOffset.FromUnixTimeSeconds(at),
            Coins.Format(threshold));
    }
}

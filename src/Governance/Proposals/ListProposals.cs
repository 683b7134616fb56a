using Mediator;
using Microsoft.EntityFrameworkCore;

namespace OpenChat.Chain.Governance.Proposals;

/// <summary>Every proposal, newest first, with its tally (votes listed by <see cref="GetProposal"/>).</summary>
public sealed record ListProposals(int Limit = 50) : IQuery<IReadOnlyList<ProposalView>>;

public sealed class ListProposalsHandler(GovernanceDb db) : IQueryHandler<ListProposals, IReadOnlyList<ProposalView>>
{
    public async ValueTask<IReadOnlyList<ProposalView>> Handle(ListProposals query, CancellationToken ct) =>
        (await db.Proposals.AsNoTracking().OrderByDescending(p => p.CreatedBlock).Take(Math.Clamp(query.Limit, 1, 200)).ToListAsync(ct))
            .Select(p => p.ToView([])).ToList();
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Governance.Proposals;

/// <summary>One proposal with every vote cast on it.</summary>
public sealed record GetProposal(string ProposalId) : IQuery<Result<ProposalView>>;

public sealed class GetProposalHandler(GovernanceDb db) : IQueryHandler<GetProposal, Result<ProposalView>>
{
    public async ValueTask<Result<ProposalView>> Handle(GetProposal query, CancellationToken ct)
    {
        // A proposal id is a uint256 in decimal: anything else names no proposal (and text such as a NUL never reaches
        // the database, which PostgreSQL would refuse).
        if (!IsProposalId(query.ProposalId)) return GovernanceErrors.ProposalNotFound;
        var proposal = await db.Proposals.AsNoTracking().FirstOrDefaultAsync(p => p.ProposalId == query.ProposalId, ct);
        if (proposal is null) return GovernanceErrors.ProposalNotFound;
        var votes = await db.Votes.AsNoTracking().Where(v => v.ProposalId == query.ProposalId).OrderBy(v => v.BlockNumber).ToListAsync(ct);
        return proposal.ToView(votes);
    }

    static bool IsProposalId(string id) => id.Length is > 0 and <= 78 && id.All(char.IsAsciiDigit);
}

using Mediator;
using Microsoft.EntityFrameworkCore;

namespace OpenChat.Chain.Governance.Proposals;

/// <summary>
/// Brings one proposal's mirror in line with the chain: created from its ProposalCreated event if new, its state and tally
/// as the governor reports them, and its votes replaced by the VoteCast events the indexer holds now (so a reorg that
/// removed a vote removes it here). Answers the view when anything changed, else null.
/// </summary>
public sealed record MirrorProposal(Proposal Created, ProposalSnapshot Snapshot, IReadOnlyList<ProposalVote> Votes) : ICommand<ProposalView?>;

public sealed class MirrorProposalHandler(GovernanceDb db, TimeProvider clock) : ICommandHandler<MirrorProposal, ProposalView?>
{
    public async ValueTask<ProposalView?> Handle(MirrorProposal command, CancellationToken ct)
    {
        var id = command.Created.ProposalId;
        var proposal = await db.Proposals.FirstOrDefaultAsync(p => p.ProposalId == id, ct);
        var changed = proposal is null;
        if (proposal is null) db.Proposals.Add(proposal = command.Created);
        changed |= proposal.Observe(command.Snapshot, clock.GetUtcNow());

        var stored = await db.Votes.Where(v => v.ProposalId == id).ToListAsync(ct);
        static string Key(ProposalVote v) => $"{v.Voter}|{v.TxHash}|{v.Weight}|{v.Support}";
        if (!stored.Select(Key).Order().SequenceEqual(command.Votes.Select(Key).Order()))
        {
            db.Votes.RemoveRange(stored);
            db.Votes.AddRange(command.Votes);
            changed = true;
        }
        if (!changed) return null;
        await db.SaveChangesAsync(ct);
        return proposal.ToView(command.Votes);
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;

namespace OpenChat.Chain.Governance.Proposals;

/// <summary>Records which chat message shows the proposal.</summary>
public sealed record ShowProposalInChat(string ProposalId, Guid MessageId) : ICommand<bool>;

public sealed class ShowProposalInChatHandler(GovernanceDb db) : ICommandHandler<ShowProposalInChat, bool>
{
    public async ValueTask<bool> Handle(ShowProposalInChat command, CancellationToken ct)
    {
        var proposal = await db.Proposals.FirstOrDefaultAsync(p => p.ProposalId == command.ProposalId, ct);
        if (proposal is null) return false;
        proposal.ShownIn(command.MessageId);
        await db.SaveChangesAsync(ct);
        return true;
    }
}

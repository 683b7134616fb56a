using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Governance.Proposals;

/// <summary>
/// A governor proposal as this service last saw it: its actions and description (from ProposalCreated), the state and
/// tally the governor reports, and the chat message that shows it. The chain is the truth; this is its mirror.
/// </summary>
public sealed class Proposal
{
    public string ProposalId { get; private set; } = "";
    public long ChainId { get; private set; }
    public string Proposer { get; private set; } = "";
    public string Template { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    /// <summary>Targets, values and calldatas as JSON, exactly as proposed (queue and execute need them again).</summary>
    public string ActionsJson { get; private set; } = "{}";
    public string State { get; private set; } = "Pending";
    public string ForVotes { get; private set; } = "0";
    public string AgainstVotes { get; private set; } = "0";
    public string AbstainVotes { get; private set; } = "0";
    public string Quorum { get; private set; } = "0";
    public long SnapshotAt { get; private set; }
    public long DeadlineAt { get; private set; }
    public long EtaAt { get; private set; }
    public long CreatedBlock { get; private set; }
    public string CreatedTxHash { get; private set; } = "";
    public Guid? MessageId { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    Proposal() { }

    public Proposal(string proposalId, long chainId, string proposer, string template, string title, string description, string actionsJson,
        long createdBlock, string createdTxHash)
    {
        (ProposalId, ChainId, Proposer, Template, Title, Description, ActionsJson, CreatedBlock, CreatedTxHash) =
            (proposalId, chainId, proposer, template, title, description, actionsJson, createdBlock, createdTxHash);
    }

    public bool IsFinal => State is "Canceled" or "Defeated" or "Expired" or "Executed";

    /// <summary>True when anything shown changed.</summary>
    public bool Observe(ProposalSnapshot s, DateTimeOffset at)
    {
        var changed = (State, ForVotes, AgainstVotes, AbstainVotes, Quorum, SnapshotAt, DeadlineAt, EtaAt)
            != (s.State, s.For, s.Against, s.Abstain, s.Quorum, s.SnapshotAt, s.DeadlineAt, s.EtaAt);
        (State, ForVotes, AgainstVotes, AbstainVotes, Quorum, SnapshotAt, DeadlineAt, EtaAt) =
            (s.State, s.For, s.Against, s.Abstain, s.Quorum, s.SnapshotAt, s.DeadlineAt, s.EtaAt);
        if (changed) UpdatedAt = at;
        return changed;
    }

    public void ShownIn(Guid messageId) => MessageId = messageId;
}

/// <summary>What the governor says of a proposal now; amounts in base units as decimal strings.</summary>
public sealed record ProposalSnapshot(string State, string For, string Against, string Abstain, string Quorum, long SnapshotAt, long DeadlineAt, long EtaAt);

sealed class ProposalConfiguration : IEntityTypeConfiguration<Proposal>
{
    public void Configure(EntityTypeBuilder<Proposal> entity)
    {
        entity.ToTable("Proposals");
        entity.HasKey(p => p.ProposalId);
        entity.Property(p => p.ProposalId).HasMaxLength(80);
        entity.Property(p => p.Proposer).HasMaxLength(42);
        entity.Property(p => p.Template).HasMaxLength(32);
        entity.Property(p => p.Title).HasMaxLength(200);
        entity.Property(p => p.State).HasMaxLength(16);
        entity.Property(p => p.ForVotes).HasMaxLength(80);
        entity.Property(p => p.AgainstVotes).HasMaxLength(80);
        entity.Property(p => p.AbstainVotes).HasMaxLength(80);
        entity.Property(p => p.Quorum).HasMaxLength(80);
        entity.Property(p => p.CreatedTxHash).HasMaxLength(66);
        entity.Property(p => p.UpdatedAt).HasConversion<long>(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        entity.HasIndex(p => p.State);
        entity.Ignore(p => p.IsFinal);
    }
}

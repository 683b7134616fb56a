using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Governance.Proposals;

/// <summary>One VoteCast of a proposal, as the indexer has it now (a reorg that drops it drops it here too).</summary>
public sealed class ProposalVote
{
    public string ProposalId { get; private set; } = "";
    public string Voter { get; private set; } = "";
    public string Support { get; private set; } = "";
    public string Weight { get; private set; } = "0";
    public string Reason { get; private set; } = "";
    public string TxHash { get; private set; } = "";
    public long BlockNumber { get; private set; }

    ProposalVote() { }

    public ProposalVote(string proposalId, string voter, string support, string weight, string reason, string txHash, long blockNumber) =>
        (ProposalId, Voter, Support, Weight, Reason, TxHash, BlockNumber) = (proposalId, voter.ToLowerInvariant(), support, weight, reason, txHash, blockNumber);
}

sealed class ProposalVoteConfiguration : IEntityTypeConfiguration<ProposalVote>
{
    public void Configure(EntityTypeBuilder<ProposalVote> entity)
    {
        entity.ToTable("ProposalVotes");
        entity.HasKey(v => new { v.ProposalId, v.Voter });
        entity.Property(v => v.ProposalId).HasMaxLength(80);
        entity.Property(v => v.Voter).HasMaxLength(42);
        entity.Property(v => v.Support).HasMaxLength(8);
        entity.Property(v => v.Weight).HasMaxLength(80);
        entity.Property(v => v.Reason).HasMaxLength(1_000);
        entity.Property(v => v.TxHash).HasMaxLength(66);
    }
}

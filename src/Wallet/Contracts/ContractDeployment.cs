using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Wallet.Contracts;

/// <summary>One deployed contract of the system on one chain, as recorded after its receipt.</summary>
public sealed class ContractDeployment
{
    public long ChainId { get; private set; }
    public string Name { get; private set; } = "";
    public string Address { get; private set; } = "";
    public string TxHash { get; private set; } = "";
    public long BlockNumber { get; private set; }
    public DateTimeOffset DeployedAt { get; private set; }

    ContractDeployment() { }

    public ContractDeployment(long chainId, string name, string address, string txHash, long blockNumber, DateTimeOffset deployedAt)
    {
        ChainId = chainId;
        Name = name;
        Address = address;
        TxHash = txHash;
        BlockNumber = blockNumber;
        DeployedAt = deployedAt;
    }
}

sealed class ContractDeploymentConfiguration : IEntityTypeConfiguration<ContractDeployment>
{
    public void Configure(EntityTypeBuilder<ContractDeployment> entity)
    {
        entity.ToTable("ContractDeployments");
        entity.HasKey(d => new { d.ChainId, d.Name });
        entity.Property(d => d.Name).HasMaxLength(64);
        entity.Property(d => d.Address).HasMaxLength(42);
        entity.Property(d => d.TxHash).HasMaxLength(66);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Messaging.Users;

/// <summary>A person in the chat. Signing in (passkeys, SIWE) is the host's; this is who they are to others.</summary>
public sealed class User
{
    public Guid Id { get; private set; }

    /// <summary>Unique, lower-case name others find them by.</summary>
    public string Handle { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public string? AvatarMediaId { get; private set; }

    /// <summary>The BIP-44 account index (m/44'/60'/0'/0/i) of the user's custodial wallet; unique and never reused.</summary>
    public int WalletAccountIndex { get; private set; }

    /// <summary>The address of a wallet the user brought (SIWE sign-in), lower-case; null for passkey-only users.</summary>
    public string? ExternalAddress { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    User() { }

    public User(Guid id, string handle, string displayName, int walletAccountIndex, string? externalAddress, DateTimeOffset now)
    {
        Id = id;
        Handle = handle;
        DisplayName = displayName;
        WalletAccountIndex = walletAccountIndex;
        ExternalAddress = externalAddress;
        CreatedAt = now;
    }

    public void ChangeProfile(string displayName, string? avatarMediaId) =>
        (DisplayName, AvatarMediaId) = (displayName, avatarMediaId);

    public UserView ToView() => new(Id, Handle, DisplayName, AvatarMediaId is null ? null : $"/api/media/{AvatarMediaId}");
}

/// <summary>What anyone may see of a user.</summary>
public sealed record UserView(Guid Id, string Handle, string DisplayName, string? AvatarUrl);

sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> entity)
    {
        entity.HasKey(u => u.Id);
        entity.Property(u => u.Handle).HasMaxLength(32);
        entity.HasIndex(u => u.Handle).IsUnique();
        entity.Property(u => u.DisplayName).HasMaxLength(64);
        entity.Property(u => u.AvatarMediaId).HasMaxLength(64);
        entity.HasIndex(u => u.WalletAccountIndex).IsUnique();
        entity.Property(u => u.ExternalAddress).HasMaxLength(42);
        entity.HasIndex(u => u.ExternalAddress).IsUnique();
    }
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Identity;

/// <summary>
/// A signed-in device. Only the SHA-256 of its token is stored: a copy of this table signs no one in, and
/// deleting the row (sign-out) revokes the bearer token and the cookie at once.
/// </summary>
public sealed class Session
{
    public Guid Id { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes.</summary>
    public string TokenHash { get; private set; } = "";

    public Guid UserId { get; private set; }

    /// <summary>How the user proved who they are: "passkey" or "siwe".</summary>
    public string Method { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>The passkey that started it (method "passkey"): removing that device ends its sessions too.</summary>
    public byte[]? CredentialId { get; private set; }

    Session() { }

    /// <summary>A new session and its token; the token is returned once and never stored.</summary>
    public static (Session Session, string Token) Start(Guid userId, string method, DateTimeOffset now, TimeSpan lifetime, byte[]? credentialId = null)
    {
        // 256 bits from the OS CSPRNG: unguessable, so a plain hash (no salt, no stretching) is enough.
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var session = new Session
        {
            Id = Guid.CreateVersion7(),
            TokenHash = Hash(token),
            UserId = userId,
            Method = method,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            CredentialId = credentialId,
        };
        return (session, token);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public bool IsActive(DateTimeOffset now) => now < ExpiresAt;
}

sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> entity)
    {
        entity.HasKey(s => s.Id);
        entity.Property(s => s.TokenHash).HasMaxLength(64);
        entity.HasIndex(s => s.TokenHash).IsUnique();
        entity.HasIndex(s => s.UserId);
        entity.HasIndex(s => s.CredentialId);
        entity.Property(s => s.Method).HasMaxLength(16);
        // Stored as a number so expired rows can be deleted with a range query on any provider.
        entity.Property(s => s.ExpiresAt).HasConversion<long>();
    }
}

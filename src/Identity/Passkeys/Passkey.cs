using System.Buffers.Text;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Identity;

/// <summary>A WebAuthn credential record (§4 "credential record"): one per device; a user may have several.</summary>
public sealed class Passkey
{
    public byte[] CredentialId { get; private set; } = [];
    public Guid UserId { get; private set; }

    /// <summary>The WebAuthn user.id: random bytes shared by all of a user's passkeys, never personal data.</summary>
    public byte[] UserHandle { get; private set; } = [];

    /// <summary>The credential public key, COSE-encoded as the authenticator gave it.</summary>
    public byte[] PublicKey { get; private set; } = [];

    public uint SignCount { get; private set; }
    public Guid AaGuid { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }

    /// <summary>What the owner calls this device ("Passkey 2" until they rename it); null on rows from before names.</summary>
    public string? Name { get; private set; }

    public const int NameMaxLength = 64;

    Passkey() { }

    public Passkey(Guid userId, byte[] userHandle, RegisteredPublicKeyCredential credential, DateTimeOffset now, string? name = null)
    {
        Name = name;
        CredentialId = credential.Id;
        UserId = userId;
        UserHandle = userHandle;
        PublicKey = credential.PublicKey;
        SignCount = credential.SignCount;
        AaGuid = credential.AaGuid;
        CreatedAt = now;
    }

    public PublicKeyCredentialDescriptor Descriptor => new(CredentialId);

    /// <summary>
    /// WebAuthn §7.2 step 22: once either counter is non-zero, the new one must be greater; otherwise the key
    /// may have been cloned. Authenticators without a counter (always 0) pass.
    /// </summary>
    public bool Accepts(uint signCount) => signCount > SignCount || (signCount == 0 && SignCount == 0);

    public void SignedIn(uint signCount, DateTimeOffset now)
    {
        if (!Accepts(signCount))
            throw new InvalidOperationException($"Passkey of user {UserId}: counter {SignCount} → {signCount} must have been refused");
        (SignCount, LastUsedAt) = (signCount, now);
    }

    public void Rename(string name) => Name = name;

    public string Id => Base64Url.EncodeToString(CredentialId);

    public PasskeyView ToView() => new(Id, CreatedAt, LastUsedAt, Name ?? "Passkey");
}

/// <summary>A passkey as its owner sees it; the id is the credential id, base64url.</summary>
public sealed record PasskeyView(string Id, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, string Name = "Passkey");

sealed class PasskeyConfiguration : IEntityTypeConfiguration<Passkey>
{
    public void Configure(EntityTypeBuilder<Passkey> entity)
    {
        entity.HasKey(p => p.CredentialId);
        entity.HasIndex(p => p.UserId);
        entity.Property(p => p.Name).HasMaxLength(Passkey.NameMaxLength);
        entity.Ignore(p => p.Id);
        // Two sign-ins racing with the same counter: the second save fails instead of both passing.
        entity.Property(p => p.SignCount).IsConcurrencyToken();
    }
}

using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Identity;

public enum CeremonyPurpose { PasskeySignUp, PasskeySignIn, PasskeyAdd, SiweSignIn, PaymentConfirm, TypedDataConfirm }

/// <summary>
/// A challenge the server issued and has not seen answered: WebAuthn options (whose challenge the client
/// signs) or a SIWE nonce. Kept server-side, short-lived, and deleted by the first answer.
/// </summary>
public sealed class PendingCeremony
{
    /// <summary>The ceremony id the client echoes back; for SIWE, the nonce itself.</summary>
    public string Id { get; private set; } = "";

    public CeremonyPurpose Purpose { get; private set; }

    /// <summary>The WebAuthn options JSON sent to the client; empty for SIWE.</summary>
    public string Options { get; private set; } = "";

    /// <summary>Adding a passkey: the signed-in user it is for.</summary>
    public Guid? UserId { get; private set; }

    /// <summary>Signing up: the names asked for, so the answer cannot swap them.</summary>
    public string? Handle { get; private set; }
    public string? DisplayName { get; private set; }

    /// <summary>Confirming a payment: the exact terms the challenge binds (see Payments.PaymentTerms).</summary>
    public string? Terms { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    PendingCeremony() { }

    public static PendingCeremony Begin(CeremonyPurpose purpose, string options, DateTimeOffset expiresAt,
        Guid? userId = null, string? handle = null, string? displayName = null, string? terms = null) => new()
    {
        Terms = terms,
        // 128 bits as 32 hex digits: also a valid EIP-4361 nonce (alphanumeric, at least 8 characters).
        Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        Purpose = purpose,
        Options = options,
        UserId = userId,
        Handle = handle,
        DisplayName = displayName,
        ExpiresAt = expiresAt,
    };
}

sealed class PendingCeremonyConfiguration : IEntityTypeConfiguration<PendingCeremony>
{
    public void Configure(EntityTypeBuilder<PendingCeremony> entity)
    {
        entity.ToTable("PendingCeremonies");
        entity.HasKey(c => c.Id);
        entity.Property(c => c.Id).HasMaxLength(32);
        entity.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(16);
        entity.Property(c => c.Handle).HasMaxLength(32);
        entity.Property(c => c.DisplayName).HasMaxLength(64);
        entity.Property(c => c.Terms).HasMaxLength(1_000);
        entity.Property(c => c.ExpiresAt).HasConversion<long>();
        entity.HasIndex(c => c.ExpiresAt);
    }
}

/// <summary>Issues and takes <see cref="PendingCeremony"/> rows: each challenge answers once, within its lifetime.</summary>
public sealed class CeremonyStore(IdentityDb db, TimeProvider clock)
{
    /// <summary>WebAuthn ceremonies: long enough for a person at a prompt, short enough to be useless later.</summary>
    public static readonly TimeSpan PasskeyLifetime = TimeSpan.FromMinutes(2);

    public async Task<PendingCeremony> Begin(CeremonyPurpose purpose, string options, TimeSpan lifetime, CancellationToken ct,
        Guid? userId = null, string? handle = null, string? displayName = null, string? terms = null)
    {
        var now = clock.GetUtcNow();
        await db.Ceremonies.Where(c => c.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var ceremony = PendingCeremony.Begin(purpose, options, now + lifetime, userId, handle, displayName, terms);
        db.Ceremonies.Add(ceremony);
        await db.SaveChangesAsync(ct);
        return ceremony;
    }

    /// <summary>
    /// The ceremony, removed so it cannot answer twice; null when unknown, already used, expired or of another
    /// purpose. The delete decides a race between two answers: only the request that deleted the row may go on.
    /// </summary>
    public async Task<PendingCeremony?> Take(string id, CeremonyPurpose purpose, CancellationToken ct)
    {
        var ceremony = await db.Ceremonies.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (ceremony is null || ceremony.Purpose != purpose) return null;
        if (await db.Ceremonies.Where(c => c.Id == id).ExecuteDeleteAsync(ct) != 1) return null;
        return clock.GetUtcNow() < ceremony.ExpiresAt ? ceremony : null;
    }
}

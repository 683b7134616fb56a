using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OpenChat.Chain.Messaging.Keys;

/// <summary>
/// One MLS KeyPackage (RFC 9420 §10) a device published: public keys signed by the device, used once by whoever adds
/// the device to a private chat (issue 18). Its private half never leaves the browser that made it.
/// </summary>
public sealed class KeyPackage
{
    /// <summary>Base64 of an encoded MLS message of wire format mls_key_package: a few hundred bytes for X25519/Ed25519.</summary>
    public const int MaxLength = 8_192;

    /// <summary>Each device keeps a small stock: enough for the chats it is added to between two visits.</summary>
    public const int MaxPerDevice = 50;

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }

    /// <summary>Chosen by the browser when it first makes its MLS identity; one user has one per browser.</summary>
    public Guid DeviceId { get; private set; }
    public string Data { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    KeyPackage() { }

    public KeyPackage(Guid userId, Guid deviceId, string data, DateTimeOffset now) =>
        (Id, UserId, DeviceId, Data, CreatedAt) = (Guid.CreateVersion7(), userId, deviceId, data, now);
}

sealed class KeyPackageConfiguration : IEntityTypeConfiguration<KeyPackage>
{
    public void Configure(EntityTypeBuilder<KeyPackage> entity)
    {
        entity.HasKey(k => k.Id);
        entity.HasIndex(k => new { k.UserId, k.DeviceId });
        entity.Property(k => k.Data).HasMaxLength(KeyPackage.MaxLength);
    }
}

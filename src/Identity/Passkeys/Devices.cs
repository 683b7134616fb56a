using System.Buffers.Text;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Identity;

/// <summary>
/// A user's devices are their passkeys: renamed and removed here, each change already confirmed by the owner (the
/// host asks before calling) and announced to all their connected devices, so a device added or removed behind the
/// owner's back shows up on every screen they have open.
/// </summary>
public sealed class Devices(IdentityDb db, IDeviceNotices notices)
{
    public async Task<Result<PasskeyView>> Rename(Guid userId, string id, string name, CancellationToken ct)
    {
        if (await FindAsync(userId, id, ct) is not { } passkey) return DeviceErrors.PasskeyNotFound;
        passkey.Rename(name);
        await db.SaveChangesAsync(ct);
        await notices.Changed(userId, new DevicesChangedView("renamed", passkey.ToView()), ct);
        return passkey.ToView();
    }

    /// <summary>Removes a passkey: it can no longer sign in or confirm. Never the last one (the owner would be locked out).</summary>
    public async Task<Result<PasskeyView>> Remove(Guid userId, string id, CancellationToken ct)
    {
        if (await FindAsync(userId, id, ct) is not { } passkey) return DeviceErrors.PasskeyNotFound;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.Passkeys.CountAsync(p => p.UserId == userId, ct) <= 1) return DeviceErrors.LastPasskey;
        db.Passkeys.Remove(passkey);
        await db.SaveChangesAsync(ct);
        // Sessions signed in with the removed passkey end too: a lost device's open session goes with it.
        var credentialId = passkey.CredentialId;
        var ended = await db.Sessions.Where(s => s.CredentialId == credentialId).Select(s => s.Id).ToListAsync(ct);
        await db.Sessions.Where(s => s.CredentialId == credentialId).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        // After the delete, so a request reading the row meanwhile cannot put it back: a stolen session in use ends now.
        foreach (var session in ended) await notices.SessionEnded(session, ct);
        await notices.Changed(userId, new DevicesChangedView("removed", passkey.ToView()), ct);
        return passkey.ToView();
    }

    async Task<Passkey?> FindAsync(Guid userId, string id, CancellationToken ct)
    {
        if (Base64UrlId(id) is not { } credentialId) return null;
        var passkey = await db.Passkeys.FirstOrDefaultAsync(p => p.CredentialId == credentialId, ct);
        return passkey?.UserId == userId ? passkey : null;
    }

    /// <summary>A device change's own rules, applied before the owner is asked to confirm it: the refusal and the field it names.</summary>
    public async Task<(Error Error, string Field)?> CheckAsync(Guid userId, DeviceChange change, string? passkeyId, string? name, CancellationToken ct)
    {
        if (change is DeviceChange.Rename or DeviceChange.Remove)
        {
            var mine = await db.Passkeys.AsNoTracking().Where(p => p.UserId == userId).Select(p => p.CredentialId).ToListAsync(ct);
            var id = Base64UrlId(passkeyId);
            if (id is null || !mine.Any(c => c.AsSpan().SequenceEqual(id))) return (DeviceErrors.PasskeyNotFound, "passkeyId");
            if (change == DeviceChange.Remove && mine.Count <= 1) return (DeviceErrors.LastPasskey, "passkeyId");
        }
        if (change is DeviceChange.Rename or DeviceChange.Add && name is not null
            && (name.Length is 0 or > Passkey.NameMaxLength || name.Trim() != name || name.Any(char.IsControl)))
            return (DeviceErrors.InvalidName, "name");
        if (change == DeviceChange.Rename && name is null) return (DeviceErrors.InvalidName, "name");
        return null;
    }

    public static byte[]? Base64UrlId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 1_400) return null;
        try
        {
            return Base64Url.DecodeFromChars(id);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

public enum DeviceChange { Add, Rename, Remove }

/// <summary>What the host tells the user's devices and its instances when a device changes (Identity sees neither).</summary>
public interface IDeviceNotices
{
    /// <summary>Pushes the change to every connected device of the user.</summary>
    Task Changed(Guid userId, DevicesChangedView change, CancellationToken ct);

    /// <summary>Ends the session on every instance; called after its row is deleted.</summary>
    Task SessionEnded(Guid sessionId, CancellationToken ct);
}

public static class DeviceErrors
{
    public static readonly Error PasskeyNotFound = new("passkey.not_found", ErrorKind.NotFound, "You have no passkey with that id");
    public static readonly Error LastPasskey = new("passkey.last", ErrorKind.Conflict,
        "This is your only passkey: add another before you remove it, or you could not sign in or confirm anything");
    public static readonly Error InvalidName = new("passkey.invalid_name", ErrorKind.Invalid,
        "A name of 1 to 64 characters, without control characters or surrounding spaces");
}

/// <summary>What changed among a user's passkeys: "added", "renamed" or "removed", and which.</summary>
public sealed record DevicesChangedView(string Change, PasskeyView Passkey);

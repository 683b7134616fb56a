using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using System.Buffers.Text;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Api.Realtime;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Identity;

namespace OpenChat.Chain.Api.Auth;

/// <summary>
/// A user's devices are their passkeys: renamed and removed here, each change already confirmed by the owner (see
/// <see cref="ConfirmAction"/>) and announced to all their connected devices, so a device added or removed behind the
/// owner's back shows up on every screen they have open.
/// </summary>
public sealed class Devices(IdentityDb db, DeviceAnnouncements announcements, SessionRevocation sessions)
{
    public async Task<Result<PasskeyView>> Rename(Guid userId, string id, string name, CancellationToken ct)
    {
        if (await FindAsync(userId, id, ct) is not { } passkey) return DeviceErrors.PasskeyNotFound;
        passkey.Rename(name);
        await db.SaveChangesAsync(ct);
        await announcements.Changed(userId, new DevicesChangedView("renamed", passkey.ToView()), ct);
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
        foreach (var session in ended) await sessions.Revoke(session, ct);
        await announcements.Changed(userId, new DevicesChangedView("removed", passkey.ToView()), ct);
        return passkey.ToView();
    }

    async Task<Passkey?> FindAsync(Guid userId, string id, CancellationToken ct)
    {
        if (Base64UrlId(id) is not { } credentialId) return null;
        var passkey = await db.Passkeys.FirstOrDefaultAsync(p => p.CredentialId == credentialId, ct);
        return passkey?.UserId == userId ? passkey : null;
    }

    /// <summary>The device kinds' own rules, applied before the owner is asked to confirm them (see <see cref="CheckTerms"/>).</summary>
    public async Task<Refusal?> CheckAsync(Guid userId, PaymentTerms terms, CancellationToken ct)
    {
        if (terms.Kind is PaymentKind.PasskeyRename or PaymentKind.PasskeyRemove)
        {
            var mine = await db.Passkeys.AsNoTracking().Where(p => p.UserId == userId).Select(p => p.CredentialId).ToListAsync(ct);
            var id = Base64UrlId(terms.PasskeyId);
            if (id is null || !mine.Any(c => c.AsSpan().SequenceEqual(id))) return new(DeviceErrors.PasskeyNotFound, "passkeyId");
            if (terms.Kind == PaymentKind.PasskeyRemove && mine.Count <= 1) return new(DeviceErrors.LastPasskey, "passkeyId");
        }
        if (terms.Kind is PaymentKind.PasskeyRename or PaymentKind.PasskeyAdd && terms.PasskeyName is { } name
            && (name.Length is 0 or > Passkey.NameMaxLength || name.Trim() != name || name.Any(char.IsControl)))
            return new(DeviceErrors.InvalidName, "name");
        if (terms.Kind == PaymentKind.PasskeyRename && terms.PasskeyName is null) return new(DeviceErrors.InvalidName, "name");
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

/// <summary>Pushes <see cref="DevicesChangedView"/> to every connected device of the user.</summary>
public sealed class DeviceAnnouncements(IHubContext<ChatHub, IChatClient> hub)
{
    public Task Changed(Guid userId, DevicesChangedView change, CancellationToken ct) => hub.Clients.User(userId.ToString()).DevicesChanged(change);
}

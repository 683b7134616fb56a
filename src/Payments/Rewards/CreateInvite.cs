using System.Security.Cryptography;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace OpenChat.Chain.Payments.Rewards;

/// <summary>The caller's invite code, made on first use: the same code every time after (one per person).</summary>
public sealed record CreateInvite(Guid UserId) : ICommand<InviteView>;

/// <param name="Link">The path a newcomer opens: the web client keeps the code for the sign-up.</param>
public sealed record InviteView(string Code, string Link);

public sealed class CreateInviteHandler(PaymentsDb db, TimeProvider clock) : ICommandHandler<CreateInvite, InviteView>
{
    public async ValueTask<InviteView> Handle(CreateInvite command, CancellationToken ct)
    {
        if (await db.Invites.AsNoTracking().FirstOrDefaultAsync(i => i.InviterId == command.UserId, ct) is { } existing) return View(existing.Code);
        // 80 random bits in base32: short enough to read aloud, too many to guess.
        var code = Base32(RandomNumberGenerator.GetBytes(10));
        db.Invites.Add(new Invite(code, command.UserId, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(ct);
            return View(code);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // a concurrent request made this person's code first
            return View((await db.Invites.AsNoTracking().FirstAsync(i => i.InviterId == command.UserId, ct)).Code);
        }
    }

    public static InviteView View(string code) => new(code, $"/?invite={code}");

    /// <summary>Lower-case RFC 4648 base32 without padding (10 bytes → 16 characters).</summary>
    static string Base32(byte[] bytes)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var text = new System.Text.StringBuilder();
        for (var bit = 0; bit + 5 <= bytes.Length * 8; bit += 5)
        {
            var value = 0;
            for (var i = 0; i < 5; i++) value = (value << 1) | ((bytes[(bit + i) / 8] >> (7 - (bit + i) % 8)) & 1);
            text.Append(Alphabet[value]);
        }
        return text.ToString();
    }

    /// <summary>What a well-formed code looks like: the sign-up refuses anything else (400 naming inviteCode).</summary>
    public static bool IsWellFormed(string code) => code.Length is > 0 and <= 32 && code.All(c => c is >= 'a' and <= 'z' or >= '2' and <= '7');
}

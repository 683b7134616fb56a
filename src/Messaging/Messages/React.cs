using System.Globalization;
using System.Text;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Messaging.Messages;

/// <summary>Adds or takes back one emoji reaction on a message.</summary>
public sealed record React(Guid UserId, Guid ChatId, Guid MessageId, string Emoji, bool Remove = false) : ICommand<Result<MessageView>>;

public sealed class ReactValidator : AbstractValidator<React>
{
    // One grapheme-ish emoji: short, and no letters or digits (which would make reactions a side channel for text).
    public ReactValidator() => RuleFor(r => r.Emoji).NotEmpty().MaximumLength(16)
        .Must(e => !e.Any(char.IsLetterOrDigit) && !e.Any(char.IsWhiteSpace)).WithMessage("An emoji.")
        .Must(IsEmoji).WithMessage("An emoji.");

    // Symbols (So: 👍 😂 🎉, regional indicators) with what joins or styles them (ZWJ, variation selectors, skin tones,
    // keycap and tag characters); punctuation such as quotes or angle brackets is not a reaction.
    static bool IsEmoji(string emoji)
    {
        var symbols = 0;
        foreach (var rune in emoji.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.OtherSymbol) symbols++;
            else if (category is not (UnicodeCategory.ModifierSymbol or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
                     && rune.Value != 0x200D && rune.Value is not (>= 0xE0020 and <= 0xE007F))
                return false;
        }
        return symbols > 0;
    }
}

public sealed class ReactHandler(MessagingDb db, TimeProvider clock, ChangeMessage change, Chats.MemberCache members) : ICommandHandler<React, Result<MessageView>>
{
    public async ValueTask<Result<MessageView>> Handle(React command, CancellationToken ct)
    {
        if (!await members.IsActive(db, command.ChatId, command.UserId, ct)) return MessagingErrors.ChatNotFound;
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == command.MessageId && m.ChatId == command.ChatId, ct);
        if (message is null) return MessagingErrors.MessageNotFound;
        if (message.IsDeleted) return MessagingErrors.MessageDeleted;

        var existing = await db.Reactions.FirstOrDefaultAsync(
            r => r.MessageId == message.Id && r.UserId == command.UserId && r.Emoji == command.Emoji, ct);
        if (command.Remove == (existing is null))
            return message.ToView(await db.Reactions.AsNoTracking().Where(r => r.MessageId == message.Id).ToListAsync(ct));
        if (existing is null) db.Reactions.Add(new Reaction(message.Id, command.UserId, command.Emoji, clock.GetUtcNow()));
        else db.Reactions.Remove(existing);
        return await change.Commit(message, UpdateKind.ReactionsChanged, ct);
    }
}

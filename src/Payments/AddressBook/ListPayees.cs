using OpenChat.Chain.Kernel;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Users;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Payments.AddressBook;

/// <summary>
/// Whom the viewer can pay by name: their contacts (people they share a chat with, those of direct chats first) whose
/// handle starts with or whose name contains the query, and whoever has exactly that @handle; each with the address a
/// wallet send goes to (the custodial account, where coins sent in a chat go too).
/// </summary>
public sealed record ListPayees(Guid ViewerId, string? Query, int Limit = 20) : IQuery<IReadOnlyList<AddressName>>;

public sealed class ListPayeesValidator : AbstractValidator<ListPayees>
{
    public ListPayeesValidator()
    {
        RuleFor(q => q.Query).MaximumLength(64).PlainText(); // NUL and the like: PostgreSQL refuses them in text (a 500, not a 400)
        RuleFor(q => q.Limit).InclusiveBetween(1, 50);
    }
}

public sealed class ListPayeesHandler(MessagingDb db, WalletKeys keys) : IQueryHandler<ListPayees, IReadOnlyList<AddressName>>
{
    public async ValueTask<IReadOnlyList<AddressName>> Handle(ListPayees query, CancellationToken ct)
    {
        var text = (query.Query ?? "").Trim().TrimStart('@');
        var handle = Handles.Normalize(text);
        var mine = db.Members.Where(m => m.UserId == query.ViewerId && m.Status == MembershipStatus.Active).Select(m => m.ChatId);
        var contacts = await (
                from member in db.Members
                join chat in db.Chats on member.ChatId equals chat.Id
                join user in db.Users on member.UserId equals user.Id
                where mine.Contains(member.ChatId) && member.UserId != query.ViewerId && member.Status == MembershipStatus.Active
                select new { user.Id, user.Handle, user.DisplayName, user.WalletAccountIndex, Direct = chat.Kind == ChatKind.Direct })
            .AsNoTracking()
            .ToListAsync(ct);
        var found = contacts
            .Where(c => text.Length == 0 || c.Handle.StartsWith(handle, StringComparison.Ordinal)
                || c.DisplayName.Contains(text, StringComparison.CurrentCultureIgnoreCase))
            .GroupBy(c => c.Id)
            .Select(g => (g.First().Id, g.First().Handle, g.First().DisplayName, g.First().WalletAccountIndex, Direct: g.Any(c => c.Direct)))
            .OrderByDescending(c => c.Direct).ThenBy(c => c.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .Take(query.Limit)
            .ToList();
        if (handle.Length > 0 && found.All(c => c.Handle != handle)
            && await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Handle == handle && u.Id != query.ViewerId, ct) is { } exact)
            found.Insert(0, (exact.Id, exact.Handle, exact.DisplayName, exact.WalletAccountIndex, false));

        if (found.Count == 0 || await keys.GetAsync(ct) is not { } wallet) return [];
        return [.. found.Select(c => new AddressName(wallet.AddressOf(c.WalletAccountIndex), AddressKind.Person, c.DisplayName, c.Id, c.Handle))];
    }
}

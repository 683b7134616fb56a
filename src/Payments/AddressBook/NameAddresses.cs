using System.Text.RegularExpressions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Payments.AddressBook;

/// <summary>
/// Names the addresses a screen shows (wallet history, envelopes, proposals, votes, circles): the viewer ("You"), a
/// user (display name and @handle, by custodial account or by the wallet they signed in with), or one of the service's
/// contracts and accounts. Addresses nobody here owns are left out: the client shows those as addresses.
/// </summary>
public sealed record NameAddresses(Guid ViewerId, IReadOnlyList<string> Addresses) : IQuery<IReadOnlyList<AddressName>>;

public enum AddressKind { You, Person, Service }

/// <summary>Who or what an address is. <paramref name="UserId"/> and <paramref name="Handle"/> are set for people.</summary>
public sealed record AddressName(string Address, AddressKind Kind, string Name, Guid? UserId, string? Handle);

public sealed class NameAddressesValidator : AbstractValidator<NameAddresses>
{
    public const int MaxAddresses = 100;

    public NameAddressesValidator()
    {
        RuleFor(q => q.Addresses).NotEmpty().Must(a => a.Count <= MaxAddresses).WithMessage($"At most {MaxAddresses} addresses at once.");
        RuleForEach(q => q.Addresses).Matches("^0x[0-9a-fA-F]{40}$").WithMessage("An address is 0x and 40 hex digits.");
    }
}

public sealed class NameAddressesHandler(MessagingDb users, WalletKeys keys, ChainStatus chain, AccountAddresses accounts)
    : IQueryHandler<NameAddresses, IReadOnlyList<AddressName>>
{
    public async ValueTask<IReadOnlyList<AddressName>> Handle(NameAddresses query, CancellationToken ct)
    {
        // Answered as asked (the client matches them), keyed lower-case.
        var asked = query.Addresses.DistinctBy(a => a.ToLowerInvariant()).ToDictionary(a => a.ToLowerInvariant());
        var wanted = asked.Keys.ToList();
        var names = new Dictionary<string, AddressName>();

        if (chain.Connection is { } connection)
            foreach (var (address, name) in ServiceNames.Of(connection))
                if (wanted.Contains(address.ToLowerInvariant()))
                    names[address.ToLowerInvariant()] = new AddressName(asked[address.ToLowerInvariant()], AddressKind.Service, name, null, null);

        var indices = await accounts.IndicesOfAsync(wanted.Where(a => !names.ContainsKey(a)), users, keys, ct);
        var byIndex = indices.Values.ToList();
        var external = wanted.Where(a => !names.ContainsKey(a) && !indices.ContainsKey(a)).ToList();
        var people = await users.Users.AsNoTracking()
            .Where(u => byIndex.Contains(u.WalletAccountIndex) || (u.ExternalAddress != null && external.Contains(u.ExternalAddress)))
            .Select(u => new { u.Id, u.Handle, u.DisplayName, u.WalletAccountIndex, u.ExternalAddress })
            .ToListAsync(ct);
        foreach (var (address, index) in indices)
            if (people.FirstOrDefault(p => p.WalletAccountIndex == index) is { } person)
                names[address.ToLowerInvariant()] = Person(asked[address.ToLowerInvariant()], person.Id, person.Handle, person.DisplayName, query.ViewerId);
        foreach (var person in people.Where(p => p.ExternalAddress is not null && external.Contains(p.ExternalAddress)))
            names[person.ExternalAddress!] = Person(asked[person.ExternalAddress!], person.Id, person.Handle, person.DisplayName, query.ViewerId);

        return [.. wanted.Where(names.ContainsKey).Select(a => names[a])];
    }

    static AddressName Person(string address, Guid id, string handle, string displayName, Guid viewer) =>
        new(address, id == viewer ? AddressKind.You : AddressKind.Person, id == viewer ? "You" : displayName, id, handle);
}

/// <summary>What a person calls the service's own contracts and accounts.</summary>
public static partial class ServiceNames
{
    static readonly Dictionary<string, string> Known = new()
    {
        ["Timelock"] = "Treasury (timelock)",
        ["ChatCoin"] = "ChatCoin",
        ["Governor"] = "Governance",
        ["RedEnvelope"] = "Red envelopes",
        ["CircleAccess"] = "Circles",
        ["Forwarder"] = "Relay forwarder",
        ["ReleaseRegistry"] = "Release registry",
        ["RewardsPool"] = "Rewards pool",
    };

    /// <summary>Address → name; ChatCoin wins over its alias Tipping (the same address), a contract added later gets its own name in words.</summary>
    public static IEnumerable<(string Address, string Name)> Of(ChainConnection connection)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, address) in connection.Contracts.ByName().OrderBy(c => Known.ContainsKey(c.Key) ? 0 : 1))
            if (seen.Add(address)) yield return (address, Known.GetValueOrDefault(name) ?? Words().Replace(name, " $1").Trim());
        // The deployer pays gas for everyone and funds the treasury on the embedded chain.
        if (seen.Add(connection.SystemAccount)) yield return (connection.SystemAccount, "OpenChat (service account)");
    }

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex Words();
}

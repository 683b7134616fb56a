using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Identity;

namespace OpenChat.Chain.Api.Tests.Auth;

/// <summary>
/// One real host per test class (SQLite, anvil) whose relying party is <see cref="Origin"/>: the software
/// authenticator and the SIWE messages say they come from there, as a browser on that site would.
/// </summary>
public sealed class AuthApi : IAsyncDisposable
{
    public const string RpId = "chat.test";
    public const string Origin = "https://chat.test";

    public ApiFactory Api { get; } = new()
    {
        Settings = new Dictionary<string, string>
        {
            ["Passkeys:RpId"] = RpId,
            ["Passkeys:Origins:0"] = Origin,
        },
    };

    public async Task<T> Identity<T>(Func<IdentityDb, Task<T>> query)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<IdentityDb>());
    }

    public async Task<T> Messaging<T>(Func<MessagingDb, Task<T>> query)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<MessagingDb>());
    }

    public Task<int> PendingCeremonies() => Identity(db => db.Ceremonies.CountAsync());

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}

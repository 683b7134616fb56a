using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Sync;

namespace OpenChat.Chain.Api.Tests.Messaging;

/// <summary>
/// Every Messaging save goes through the one writer (issue 14): a save anywhere else throws and stores nothing,
/// so a handler that bypasses it fails every test that reaches it instead of racing the writer in production.
/// </summary>
public sealed class SingleWriterTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SaveChanges_OutsideTheWriter_ThrowsAndStoresNothing_InsideItSaves()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var chat = await alice.DirectChatWith(bob);
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDb>();
        var log = scope.ServiceProvider.GetRequiredService<UpdateLog>();
        var before = await db.Updates.CountAsync(u => u.ChatId == chat.Id, Ct);

        db.Updates.Add(new ChatUpdate(chat.Id, UpdateKind.ChatChanged, DateTimeOffset.UtcNow));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        Assert.Equal(before, await db.Updates.CountAsync(u => u.ChatId == chat.Id, Ct));

        await log.Write(token => db.SaveChangesAsync(token), Ct);
        Assert.Equal(before + 1, await db.Updates.CountAsync(u => u.ChatId == chat.Id, Ct));
    }
}

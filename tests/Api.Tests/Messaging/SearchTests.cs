using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Api.Tests.Messaging;

public sealed class SearchTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Search_FindsHistoryAcrossMyChats_AndNothingFromChatsImNotIn()
    {
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        var word = $"zebra{Guid.NewGuid():N}"[..14];
        var direct = await alice.DirectChatWith(bob);
        var group = await bob.CreateGroup("zoo", alice);
        var secret = await carol.DirectChatWith(bob);
        var m1 = await alice.Send(direct.Id, $"the {word} escaped");
        var m2 = await bob.Send(group.Id, $"{word} spotted near the café");
        await carol.Send(secret.Id, $"{word} between carol and bob only");

        var found = await Search(alice, word);
        var byPrefix = await Search(alice, word[..10]);
        var accentless = await Search(alice, $"{word} cafe");

        Assert.Equal(new[] { m1.Id, m2.Id }.Order(), found.Select(m => m.Id).Order()); // v7 ids of one millisecond sort in any order
        Assert.Equal(found.Select(m => m.Id).Order(), byPrefix.Select(m => m.Id).Order());
        Assert.Equal(m2.Id, Assert.Single(accentless).Id);
        Assert.Equal(3, (await Search(bob, word)).Count);
    }

    [Fact]
    public async Task Search_ForgetsEditedAndDeletedText_AndChatsLeft()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var word = $"quokka{Guid.NewGuid():N}"[..14];
        var group = await alice.CreateGroup("pets", bob);
        var edited = await alice.Send(group.Id, $"a {word}");
        var deleted = await alice.Send(group.Id, $"another {word}");
        await alice.Http.PatchAsync($"/api/chats/{group.Id}/messages/{edited.Id}",
            System.Net.Http.Json.JsonContent.Create(new { text = "a wombat" }), Ct);
        await alice.Http.DeleteAsync($"/api/chats/{group.Id}/messages/{deleted.Id}", Ct);
        var kept = await alice.Send(group.Id, $"{word} again");

        Assert.Equal(kept.Id, Assert.Single(await Search(bob, word)).Id);
        await bob.Http.PostAsync($"/api/chats/{group.Id}/leave", null, Ct);
        Assert.Empty(await Search(bob, word));
    }

    [Fact]
    public async Task Search_WithFtsOperators_TreatsThemAsWords()
    {
        var alice = await api.CreateUserAsync("alice");

        var response = await alice.Http.GetAsync("/api/search?q=" + Uri.EscapeDataString("\"unbalanced OR NEAR( * -"), Ct);

        Assert.Empty(await ChatApi.Read<List<MessageView>>(response));
    }

    static async Task<List<MessageView>> Search(TestUser user, string query) =>
        await ChatApi.Read<List<MessageView>>(await user.Http.GetAsync($"/api/search?q={Uri.EscapeDataString(query)}", Ct));
}

namespace OpenChat.Chain.Messaging.Bench;

/// <summary>The chats every scenario uses, made through the public API (the same calls on both targets).</summary>
sealed record Chats(IReadOnlyList<Guid> Pairs, Guid Group)
{
    /// <summary>Private direct chats of the same pairs (--private), on the service only.</summary>
    public IReadOnlyList<Guid> PrivatePairs { get; init; } = [];

    public static async Task<IReadOnlyList<Guid>> CreatePrivateAsync(HttpClient http, IReadOnlyList<BenchUser> users, int pairs, CancellationToken ct)
    {
        var pairChats = new Guid[pairs];
        await Parallel.ForEachAsync(Enumerable.Range(0, pairs), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (p, token) => pairChats[p] = (await Rest.PostAsync<ChatReply>(http, "api/chats/direct",
                new CreateDirectChatBody(users[2 * p + 1].Id, Private: true), users[2 * p].Token, token)).Id);
        return pairChats;
    }

    /// <summary>Direct chats of users (0,1), (2,3)…; one group of the first <paramref name="groupSize"/> users, owned by user 0.</summary>
    public static async Task<Chats> CreateAsync(HttpClient http, IReadOnlyList<BenchUser> users, int pairs, int groupSize, CancellationToken ct)
    {
        var pairChats = new Guid[pairs];
        await Parallel.ForEachAsync(Enumerable.Range(0, pairs), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (p, token) =>
            {
                var chat = await Rest.PostAsync<ChatReply>(http, "api/chats/direct",
                    new CreateDirectChatBody(users[2 * p + 1].Id), users[2 * p].Token, token);
                pairChats[p] = chat.Id;
            });
        var members = users.Take(groupSize).ToList();
        var group = await Rest.PostAsync<ChatReply>(http, "api/chats/groups",
            new CreateGroupBody("bench group", members.Skip(1).Select(u => u.Id).ToList()), members[0].Token, ct);
        return new Chats(pairChats, group.Id);
    }
}

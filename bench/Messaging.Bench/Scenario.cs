namespace OpenChat.Chain.Messaging.Bench;

/// <summary>One sender posting into one chat, and the users whose devices should get the push.</summary>
sealed record Lane(BenchUser Sender, Guid ChatId, IReadOnlyList<BenchUser> Recipients);

/// <summary>
/// A traffic shape: the devices kept connected and the lanes that message i goes through (i modulo their count),
/// sent open loop at a fixed rate.
/// </summary>
sealed record Scenario(string Key, string Title, double SentPerSecond, IReadOnlyList<BenchUser> Devices, IReadOnlyList<Lane> Lanes)
{
    /// <summary>A private chat's scenario (issue 18) sends this base64 payload as ciphertext instead of the text.</summary>
    public string? Ciphertext { get; init; }

    /// <summary>Pairs (0,1), (2,3)…: both sides send into their direct chat, the other side receives.</summary>
    public static Scenario Direct(string key, double rate, IReadOnlyList<BenchUser> users, IReadOnlyList<Guid> pairChats)
    {
        var lanes = new List<Lane>();
        for (var p = 0; p < pairChats.Count; p++)
        {
            var (a, b) = (users[2 * p], users[2 * p + 1]);
            lanes.Add(new Lane(a, pairChats[p], [b]));
            lanes.Add(new Lane(b, pairChats[p], [a]));
        }
        return new Scenario(key, $"1:1, {pairChats.Count} pairs ({2 * pairChats.Count} clients), {rate:N0} sent/s",
            rate, users.Take(2 * pairChats.Count).ToList(), lanes);
    }

    /// <summary>Every member takes turns sending into the group; all the others receive.</summary>
    public static Scenario Group(string key, double rate, IReadOnlyList<BenchUser> members, Guid groupId)
    {
        var lanes = members.Select(m => new Lane(m, groupId, members.Where(o => o != m).ToList())).ToList();
        return new Scenario(key, $"group of {members.Count} ({members.Count} clients), {rate:N0} sent/s",
            rate, members, lanes);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;


namespace OpenChat.Chain.Governance.Bench;

/// <summary>The service's governance REST calls as a member makes them, with the bearer token of a SIWE session.</summary>
static class GovernanceApi
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The embedded anvil's RPC URL and the contract addresses, from the chain section of GET /health.</summary>
    public static async Task<(Uri RpcUrl, IReadOnlyDictionary<string, string> Contracts)> ChainAsync(HttpClient http, CancellationToken ct)
    {
        using var health = JsonDocument.Parse(await http.GetStringAsync("health", ct));
        var data = health.RootElement.GetProperty("checks").GetProperty("chain").GetProperty("data");
        var contracts = data.GetProperty("contracts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.OrdinalIgnoreCase);
        return (new Uri(data.GetProperty("rpcUrl").GetString()!), contracts);
    }

    public static async Task<VotingPower> VotingPowerAsync(HttpClient http, BenchUser user, CancellationToken ct)
    {
        using var request = Authorized(HttpMethod.Get, "api/governance/voting-power", user);
        using var response = await http.SendAsync(request, ct);
        await EnsureAsync(response, ct);
        return (await response.Content.ReadFromJsonAsync<VotingPower>(Json, ct))!;
    }

    /// <summary>Turns the member's votes on, as opening governance in the web client does (a relayed self-delegation).</summary>
    public static async Task ActivateVotingAsync(HttpClient http, BenchUser user, CancellationToken ct)
    {
        using var request = Authorized(HttpMethod.Post, "api/governance/activate", user);
        using var response = await http.SendAsync(request, ct);
        await EnsureAsync(response, ct);
    }

    /// <summary>A text (signal) proposal; the answer is 202 with the proposal id the governor will give it.</summary>
    public static async Task<string> ProposeTextAsync(HttpClient http, BenchUser user, string title, CancellationToken ct)
    {
        using var request = Authorized(HttpMethod.Post, "api/governance/proposals", user);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Content = JsonContent.Create(new { template = "text", title, description = "Governance bench: every member votes at once." });
        using var response = await http.SendAsync(request, ct);
        await EnsureAsync(response, ct);
        return (await response.Content.ReadFromJsonAsync<Proposed>(Json, ct))!.ProposalId;
    }

    /// <summary>One vote; returns the HTTP status and how long the answer took (never throws for a non-2xx answer).</summary>
    public static async Task<(int Status, TimeSpan Took)> VoteAsync(HttpClient http, BenchUser user, string proposalId, string support, CancellationToken ct)
    {
        var took = Stopwatch.StartNew();
        using var request = Authorized(HttpMethod.Post, $"api/governance/proposals/{proposalId}/votes", user);
        request.Content = JsonContent.Create(new { support, reason = "" });
        try
        {
            using var response = await http.SendAsync(request, ct);
            return ((int)response.StatusCode, took.Elapsed);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (0, took.Elapsed); // the client's time-out: counted as not accepted
        }
    }

    /// <summary>The mirror's view of a proposal, or null while the mirror has not seen it.</summary>
    public static async Task<ProposalReply?> ProposalAsync(HttpClient http, BenchUser user, string proposalId, CancellationToken ct)
    {
        using var request = Authorized(HttpMethod.Get, $"api/governance/proposals/{proposalId}", user);
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        await EnsureAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<ProposalReply>(Json, ct);
    }

    static HttpRequestMessage Authorized(HttpMethod method, string path, BenchUser user)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return request;
    }

    static async Task EnsureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(ct);
        throw new RestException((int)response.StatusCode,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}: {(body.Length <= 400 ? body : body[..400])}");
    }
}

// The service's JSON, only as far as the bench reads it.
sealed record VotingPower(string Address, string Votes)
{
    public decimal Coins => decimal.Parse(Votes, CultureInfo.InvariantCulture);
}

sealed record Proposed(string ProposalId);

sealed record ProposalReply(string ProposalId, string State, string For, IReadOnlyList<VoteReply> Votes);

sealed record VoteReply(string Voter, string Support, string Weight, string TxHash);

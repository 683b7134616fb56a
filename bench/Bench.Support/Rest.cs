using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace OpenChat.Chain.Bench.Support;

/// <summary>JSON over HTTP for set-up calls: anything but 2xx stops the run with the server's answer.</summary>
public static class Rest
{
    public static async Task<T> PostAsync<T>(HttpClient http, string path, object body, string? token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new RestException((int)response.StatusCode,
                $"POST {path} answered {(int)response.StatusCode}: {Shorten(await response.Content.ReadAsStringAsync(ct))}");
        return await response.Content.ReadFromJsonAsync<T>(ct)
            ?? throw new InvalidOperationException($"POST {path} answered an empty body");
    }

    public static async Task<T> GetAsync<T>(HttpClient http, string path, string? token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new RestException((int)response.StatusCode,
                $"GET {path} answered {(int)response.StatusCode}: {Shorten(await response.Content.ReadAsStringAsync(ct))}");
        return await response.Content.ReadFromJsonAsync<T>(ct)
            ?? throw new InvalidOperationException($"GET {path} answered an empty body");
    }

    /// <summary>A client for one target: connections kept for the whole run, short time-outs for set-up calls.</summary>
    public static HttpClient ClientFor(Uri baseUrl, TimeSpan? timeout = null) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        BaseAddress = baseUrl,
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    };

    static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}

public sealed class RestException(int status, string message) : InvalidOperationException(message)
{
    public int Status { get; } = status;
}

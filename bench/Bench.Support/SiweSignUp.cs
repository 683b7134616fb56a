using System.Globalization;
using Nethereum.Signer;

namespace OpenChat.Chain.Bench.Support;

/// <summary>
/// Signs users up the way a wallet would, with Sign-In with Ethereum (EIP-4361): a fresh random key each, so
/// every sign-in creates an account. No test backdoor: the service checks domain, chain, nonce and signature.
/// </summary>
public static class SiweSignUp
{
    /// <summary>The users, and how many sign-ins answered 5xx and were tried again with a new nonce.</summary>
    public static async Task<(IReadOnlyList<BenchUser> Users, int Retried)> SignUpAsync(
        HttpClient http, Uri origin, long chainId, int count, Action<int> progress, CancellationToken ct)
    {
        var users = new BenchUser[count];
        var done = 0;
        var retried = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (i, token) =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        users[i] = await SignUpOneAsync(http, origin, chainId, token);
                        break;
                    }
                    catch (RestException e) when (e.Status >= 500 && attempt < 5)
                    {
                        // Concurrent first sign-ins race for the next wallet account index; see the report.
                        Interlocked.Increment(ref retried);
                    }
                }
                progress(Interlocked.Increment(ref done));
            });
        return (users, retried);
    }

    static async Task<BenchUser> SignUpOneAsync(HttpClient http, Uri origin, long chainId, CancellationToken ct)
    {
        var wallet = EthECKey.GenerateKey();

        // 1. A nonce the service issued (single use, short-lived).
        var nonce = await Rest.PostAsync<NonceReply>(http, "api/auth/siwe/nonce", new { }, null, ct);

        // 2. EIP-4361: the domain is the origin's authority, the URI on that origin, the address EIP-55 checksummed.
        var message = string.Join('\n',
            $"{origin.Authority} wants you to sign in with your Ethereum account:",
            wallet.GetPublicAddress(),
            "",
            "Sign in to OpenChat.Chain (benchmark).",
            "",
            $"URI: {origin}",
            "Version: 1",
            $"Chain ID: {chainId}",
            $"Nonce: {nonce.Nonce}",
            $"Issued At: {DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}");

        // 3. EIP-191 personal_sign over the exact text.
        var signature = new EthereumMessageSigner().EncodeUTF8AndSign(message, wallet);

        // 4. The session: its bearer token and the user it signed in (created now).
        var session = await Rest.PostAsync<SessionReply>(http, "api/auth/siwe", new { message, signature }, null, ct);
        return new BenchUser(session.User.Id, session.Token, wallet);
    }
}

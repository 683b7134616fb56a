using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Nethereum.Signer;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Identity;

namespace OpenChat.Chain.Api.Tests.Auth;

/// <summary>Many first sign-ins at once (the messaging bench signs 200 up together): each gets its account and session, none a 5xx.</summary>
public sealed class ConcurrentSignUpTests(AuthApi auth) : IClassFixture<AuthApi>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SiweSignUp_FiftyAtOnce_AllAnswer200WithTheirOwnAccount()
    {
        var wallets = Enumerable.Range(0, 50).Select(_ => EthECKey.GenerateKey()).ToList();

        var answers = await Task.WhenAll(wallets.Select(async wallet =>
        {
            var http = auth.Api.CreateClientFromNewAddress();
            var nonce = await http.PostAsJsonAsync("/api/auth/siwe/nonce", new { }, Ct);
            if (nonce.StatusCode != HttpStatusCode.OK) return (nonce.StatusCode, (SessionView?)null);
            var message = Message(wallet.GetPublicAddress(), (await nonce.Content.ReadFromJsonAsync<NonceView>(Ct))!.Nonce);
            var signIn = await http.PostAsJsonAsync("/api/auth/siwe",
                new SiweSignInBody(message, new EthereumMessageSigner().EncodeUTF8AndSign(message, wallet)), Ct);
            return (signIn.StatusCode, signIn.IsSuccessStatusCode ? await signIn.Content.ReadFromJsonAsync<SessionView>(Ct) : null);
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(50, answers.Select(a => a.Item2!.User.Id).Distinct().Count());
        Assert.Equal(
            wallets.Select(w => "eth_" + w.GetPublicAddress()[2..10].ToLowerInvariant()).Order(),
            answers.Select(a => a.Item2!.User.Handle).Order());
    }

    static string Message(string address, string nonce) => string.Join('\n',
        $"{AuthApi.RpId} wants you to sign in with your Ethereum account:",
        address,
        "",
        "Sign in to OpenChat.Chain.",
        "",
        $"URI: {AuthApi.Origin}/",
        "Version: 1",
        "Chain ID: 31337",
        $"Nonce: {nonce}",
        $"Issued At: {DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}");
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using Nethereum.Signer;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Identity;

namespace OpenChat.Chain.Api.Tests.Auth;

/// <summary>Sign-In with Ethereum (EIP-4361) with a wallet the user brings: here, account 0 of the test mnemonic.</summary>
public sealed class SiweTests(AuthApi auth) : IClassFixture<AuthApi>
{
    // Hardhat/anvil's well-known test mnemonic; account 0 is 0xf39F…2266 (TOOLCHAIN.md).
    const string TestMnemonic = "test test test test test test test test test test test junk";
    const string Account0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    const string Domain = "chat.test";
    const string Uri = "https://chat.test/";

    static readonly EthECKey Wallet = DeriveAccount0();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_WithABroughtWallet_CreatesItsAccountOnceThenSignsItIn()
    {
        var http = auth.Api.CreateClientFromNewAddress();

        var first = await SignInAsync(http, Message(await NonceAsync(http)));
        var second = await SignInAsync(http, Message(await NonceAsync(http)));

        Assert.Equal(Account0, Wallet.GetPublicAddress());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var firstSession = (await first.Content.ReadFromJsonAsync<SessionView>(Ct))!;
        var secondSession = (await second.Content.ReadFromJsonAsync<SessionView>(Ct))!;
        Assert.Equal(firstSession.User.Id, secondSession.User.Id);
        Assert.Equal("eth_f39fd6e5", firstSession.User.Handle);
        Assert.Equal("0xf39F…2266", firstSession.User.DisplayName);
        Assert.Equal(HttpStatusCode.OK, (await auth.Api.CreateClientFromNewAddress().SendAsync(Me(secondSession.Token), Ct)).StatusCode);
    }

    [Fact]
    public async Task SignIn_WithAMessageForAnotherDomain_Returns403()
    {
        var http = auth.Api.CreateClientFromNewAddress();

        var response = await SignInAsync(http, Message(await NonceAsync(http), domain: "chat.test.evil.example", uri: "https://chat.test.evil.example/"));

        await PasskeyFlowTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "auth.siwe_domain");
    }

    [Fact]
    public async Task SignIn_WithOurDomainButAnotherUri_Returns403()
    {
        var http = auth.Api.CreateClientFromNewAddress();

        var response = await SignInAsync(http, Message(await NonceAsync(http), uri: "https://evil.example/"));

        await PasskeyFlowTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "auth.siwe_domain");
    }

    [Fact]
    public async Task SignIn_WithAnExpiredMessage_Returns403()
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var issuedAt = DateTimeOffset.UtcNow.AddMinutes(-10);

        var response = await SignInAsync(http, Message(await NonceAsync(http), issuedAt: issuedAt, expiresAt: issuedAt.AddMinutes(5)));

        await PasskeyFlowTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "auth.siwe_expired");
    }

    [Fact]
    public async Task SignIn_WithAMessageIssuedInTheFuture_Returns403()
    {
        var http = auth.Api.CreateClientFromNewAddress();

        var response = await SignInAsync(http, Message(await NonceAsync(http), issuedAt: DateTimeOffset.UtcNow.AddMinutes(10)));

        await PasskeyFlowTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "auth.siwe_expired");
    }

    [Fact]
    public async Task SignIn_WithAReusedNonce_Returns403()
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var message = Message(await NonceAsync(http));
        var first = await SignInAsync(http, message);

        var reused = await SignInAsync(http, message);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await PasskeyFlowTests.AssertProblemAsync(reused, HttpStatusCode.Forbidden, "auth.challenge_expired");
    }

    [Fact]
    public async Task SignIn_WithANonceTheServerNeverIssued_Returns403()
    {
        var http = auth.Api.CreateClientFromNewAddress();

        var response = await SignInAsync(http, Message("0123456789abcdef0123456789abcdef"));

        await PasskeyFlowTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "auth.challenge_expired");
    }

    [Fact]
    public async Task SignIn_WithATamperedMessage_Returns403AndLeavesTheNonceUsable()
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var nonce = await NonceAsync(http);
        var message = Message(nonce);
        var signature = new EthereumMessageSigner().EncodeUTF8AndSign(message, Wallet);
        var tampered = message.Replace("Sign in to OpenChat.Chain.", "Sign in to OpenChat.Chain and pay 1 ETH.", StringComparison.Ordinal);

        var response = await http.PostAsJsonAsync("/api/auth/siwe", new SiweSignInBody(tampered, signature), Ct);
        var honest = await http.PostAsJsonAsync("/api/auth/siwe", new SiweSignInBody(message, signature), Ct);

        await PasskeyFlowTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "auth.siwe_signature");
        Assert.Equal(HttpStatusCode.OK, honest.StatusCode);
    }

    [Fact]
    public async Task SignIn_SignedByAnotherWallet_Returns403()
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var message = Message(await NonceAsync(http));

        var response = await http.PostAsJsonAsync("/api/auth/siwe",
            new SiweSignInBody(message, new EthereumMessageSigner().EncodeUTF8AndSign(message, EthECKey.GenerateKey())), Ct);

        await PasskeyFlowTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "auth.siwe_signature");
    }

    [Fact]
    public async Task SignIn_OnAnotherChain_Returns403()
    {
        var http = auth.Api.CreateClientFromNewAddress();

        var response = await SignInAsync(http, Message(await NonceAsync(http), chainId: 1));

        await PasskeyFlowTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "auth.siwe_chain");
    }

    [Theory]
    [InlineData("not a sign-in message")]
    [InlineData("chat.test wants you to sign in with your Ethereum account:\n0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\n\n\nURI: https://chat.test/\nVersion: 1\nChain ID: 31337\nNonce: 0123456789abcdef\nIssued At: 2026-01-01T00:00:00Z")]
    [InlineData("chat.test wants you to sign in with your Ethereum account:\n0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n\n\nURI: https://chat.test/\nVersion: 2\nChain ID: 31337\nNonce: 0123456789abcdef\nIssued At: 2026-01-01T00:00:00Z")]
    public async Task SignIn_WithAMalformedMessage_Returns400(string message)
    {
        var http = auth.Api.CreateClientFromNewAddress();

        var response = await SignInAsync(http, message);

        await PasskeyFlowTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "auth.siwe_malformed");
    }

    [Fact]
    public async Task SignIn_WithAGarbledSignature_Returns403AndLeavesTheNonceUsable()
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var message = Message(await NonceAsync(http));

        var signature = new EthereumMessageSigner().EncodeUTF8AndSign(message, Wallet);

        foreach (var garbled in new[] { "0x" + new string('0', 128) + "1b", "0x" + new string('f', 130), "0x1234", signature[..^2] + "05", "" })
        {
            var response = await http.PostAsJsonAsync("/api/auth/siwe", new SiweSignInBody(message, garbled), Ct);
            await PasskeyFlowTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "auth.siwe_signature");
        }
        var honest = await http.PostAsJsonAsync("/api/auth/siwe", new SiweSignInBody(message, signature), Ct);
        Assert.Equal(HttpStatusCode.OK, honest.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithTheHighSTwinOfAValidSignature_Returns403AndLeavesTheNonceUsable()
    {
        var http = auth.Api.CreateClientFromNewAddress();
        var message = Message(await NonceAsync(http));
        var signature = new EthereumMessageSigner().EncodeUTF8AndSign(message, Wallet);
        // (r, n - s, v ^ 1) recovers the same address: anyone holding one signature can make the other (EIP-2).
        var n = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        var s = BigInteger.Parse("0" + signature[66..130], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        var v = Convert.ToByte(signature[^2..], 16);
        var twin = signature[..66] + (n - s).ToString("x64", CultureInfo.InvariantCulture)[^64..] + (v == 27 ? "1c" : "1b");
        Assert.Equal(Account0, new EthereumMessageSigner().EncodeUTF8AndEcRecover(message, twin), ignoreCase: true);

        var response = await http.PostAsJsonAsync("/api/auth/siwe", new SiweSignInBody(message, twin), Ct);
        var honest = await http.PostAsJsonAsync("/api/auth/siwe", new SiweSignInBody(message, signature), Ct);

        await PasskeyFlowTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "auth.siwe_signature");
        Assert.Equal(HttpStatusCode.OK, honest.StatusCode);
    }

    static EthECKey DeriveAccount0()
    {
        using var wallet = HdWallet.FromMnemonic(TestMnemonic);
        return new EthECKey(wallet.ExportPrivateKey(0));
    }

    static async Task<string> NonceAsync(HttpClient http)
    {
        var response = await http.PostAsJsonAsync("/api/auth/siwe/nonce", new { }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<NonceView>(Ct))!.Nonce;
    }

    static Task<HttpResponseMessage> SignInAsync(HttpClient http, string message) =>
        http.PostAsJsonAsync("/api/auth/siwe", new SiweSignInBody(message, new EthereumMessageSigner().EncodeUTF8AndSign(message, Wallet)), Ct);

    // EIP-4361's example layout, with a statement.
    static string Message(string nonce, string domain = Domain, string uri = Uri, long chainId = 31337,
        DateTimeOffset? issuedAt = null, DateTimeOffset? expiresAt = null)
    {
        var lines = new List<string>
        {
            $"{domain} wants you to sign in with your Ethereum account:",
            Account0,
            "",
            "Sign in to OpenChat.Chain.",
            "",
            $"URI: {uri}",
            "Version: 1",
            $"Chain ID: {chainId}",
            $"Nonce: {nonce}",
            $"Issued At: {Rfc3339(issuedAt ?? DateTimeOffset.UtcNow)}",
        };
        if (expiresAt is { } expiry) lines.Add($"Expiration Time: {Rfc3339(expiry)}");
        return string.Join('\n', lines);
    }

    static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    static HttpRequestMessage Me(string token) => new(HttpMethod.Get, "/api/me") { Headers = { Authorization = new("Bearer", token) } };
}

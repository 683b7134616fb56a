using System.Net;
using System.Net.Http.Json;

namespace OpenChat.Chain.Api.Tests.Auth;

public sealed class SignInRateLimitTests(AuthApi auth) : IClassFixture<AuthApi>
{
    [Fact]
    public async Task SignIn_MoreThanTenAttemptsAMinuteFromOneAddress_Returns429ForThatAddressOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var attacker = auth.Api.CreateClientFromNewAddress();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
            statuses.Add((await attacker.PostAsJsonAsync(i % 2 == 0 ? "/api/auth/passkeys/sign-in/options" : "/api/auth/siwe/nonce", new { }, ct)).StatusCode);

        var limited = await attacker.PostAsJsonAsync("/api/auth/passkeys/sign-in", new { ceremonyId = "x", credential = new { } }, ct);
        var someoneElse = await auth.Api.CreateClientFromNewAddress().PostAsJsonAsync("/api/auth/passkeys/sign-in/options", new { }, ct);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        await PasskeyFlowTests.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate.limited");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a Retry-After in seconds");
        Assert.Equal(HttpStatusCode.OK, someoneElse.StatusCode);
    }
}

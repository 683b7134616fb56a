using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenChat.Chain.Api.Tests.Support;

namespace OpenChat.Chain.Api.Tests.Wallet;

/// <summary>Every refusal is a ProblemDetails with a stable code, and none of them queues anything.</summary>
public sealed class WalletBadInputTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    const string Valid = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

    public async ValueTask InitializeAsync() =>
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "1", null, "wallet.address_checksum")] // EIP-55 vector, last letter flipped
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", "1", null, "wallet.invalid_address")]
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "1", null, "wallet.invalid_address")]
    [InlineData("0x0000000000000000000000000000000000000000", "1", null, "wallet.recipient_zero_address")]
    [InlineData(null, "1", null, "wallet.invalid_address")]
    [InlineData(Valid, "0", null, "wallet.invalid_amount")]
    [InlineData(Valid, "-1", null, "wallet.invalid_amount")]
    [InlineData(Valid, "1e18", null, "wallet.invalid_amount")]
    [InlineData(Valid, "twelve", null, "wallet.invalid_amount")]
    [InlineData(Valid, null, null, "wallet.invalid_amount")]
    [InlineData(Valid, "0.0000000000000000001", null, "wallet.amount_too_precise")]
    [InlineData(Valid, "1", "USDC", "wallet.unknown_token")]
    public async Task SendTransfer_BadInput_Returns400WithItsCode(string? to, string? amount, string? token, string code)
    {
        var alice = await api.CreateUserAsync("alice");

        var response = await alice.SendAsync(to, amount, Guid.NewGuid().ToString(), token);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, code);
        Assert.Empty((await alice.HistoryAsync()).Items);
    }

    [Fact]
    public async Task SendTransfer_WithoutIdempotencyKey_Returns400()
    {
        var alice = await api.CreateUserAsync("alice");
        await AssertProblemAsync(await alice.SendAsync(Valid, "1", key: null), HttpStatusCode.BadRequest, "wallet.idempotency_key_missing");
    }

    [Fact]
    public async Task SendTransfer_MoreThanTheBalance_Returns409InsufficientBalance()
    {
        var alice = await api.CreateUserAsync("alice");
        await api.FundAsync(alice, 1);

        var response = await alice.SendAsync(Valid, "1.000000000000000001", Guid.NewGuid().ToString());

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "wallet.insufficient_balance");
    }

    [Fact]
    public async Task SendTransfer_FromAnEmptyAccountWithToken_CHAT_Returns409()
    {
        var alice = await api.CreateUserAsync("alice");
        await AssertProblemAsync(await alice.SendAsync(Valid, "1", Guid.NewGuid().ToString(), token: "chat"), HttpStatusCode.Conflict,
            "wallet.insufficient_balance");
    }

    [Fact]
    public async Task Withdraw_EmptyAccount_Returns409AndBadAddressReturns400()
    {
        var alice = await api.CreateUserAsync("alice");

        await AssertProblemAsync(await WithdrawAsync(alice, Valid, Guid.NewGuid().ToString()), HttpStatusCode.Conflict, "wallet.insufficient_balance");
        await AssertProblemAsync(await WithdrawAsync(alice, Valid.ToLowerInvariant()[..41], Guid.NewGuid().ToString()), HttpStatusCode.BadRequest,
            "wallet.invalid_address");
        await AssertProblemAsync(await WithdrawAsync(alice, Valid, key: null), HttpStatusCode.BadRequest, "wallet.idempotency_key_missing");
    }

    [Fact]
    public async Task GetTransfer_SomeoneElses_Returns404()
    {
        var (alice, mallory) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("mallory"));
        await api.FundAsync(alice, 1);
        var transfer = await (await alice.SendAsync(Valid, "1", Guid.NewGuid().ToString())).ReadTransferAsync();

        await AssertProblemAsync(await mallory.Http.GetAsync($"/api/wallet/transfers/{transfer.Id}", TestContext.Current.CancellationToken),
            HttpStatusCode.NotFound, "wallet.transfer_not_found");
        await AssertProblemAsync(await alice.Http.GetAsync($"/api/wallet/transfers/{Guid.NewGuid()}", TestContext.Current.CancellationToken),
            HttpStatusCode.NotFound, "wallet.transfer_not_found");
    }

    [Fact]
    public async Task Receive_WithTooPreciseAmount_Returns400()
    {
        var alice = await api.CreateUserAsync("alice");
        await AssertProblemAsync(await alice.Http.GetAsync("/api/wallet/receive?amount=0.0000000000000000001", TestContext.Current.CancellationToken),
            HttpStatusCode.BadRequest, "wallet.amount_too_precise");
    }

    [Fact]
    public async Task ExportKey_WithoutTheRightConfirmation_IsRefused()
    {
        var alice = await api.CreateUserAsync("alice");
        await Custody.CustodyApi.PayerAsync(alice);
        var unconfirmed = await alice.Http.PostAsJsonAsync("/api/wallet/export", new { confirmAddress = Valid }, TestContext.Current.CancellationToken);
        await AssertProblemAsync(unconfirmed, HttpStatusCode.Forbidden, "payment.confirmation_required");
        // Confirmed, but the typed-back address is someone else's: still refused.
        await AssertProblemAsync(await Custody.CustodyApi.ExportAsync(alice, Valid), HttpStatusCode.BadRequest, "wallet.export_not_confirmed");
    }

    [Fact]
    public async Task Wallet_WithoutSignIn_Returns401()
    {
        using var anonymous = api.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/wallet", TestContext.Current.CancellationToken)).StatusCode);
    }

    static Task<HttpResponseMessage> WithdrawAsync(TestUser user, string to, string? key) => Custody.CustodyApi.WithdrawAsync(user, to, key);

    static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenChat.Chain.Api.Circles;
using OpenChat.Chain.Api.Tests.Governance;
using OpenChat.Chain.Api.Tests.Payments;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Api.Tests.Wallet;

namespace OpenChat.Chain.Api.Tests.Circles;

/// <summary>
/// Paid and token-gated circles end to end: the rule, pay to join with a passkey confirmation (relayed, gasless), access
/// to messages only while the chain says so, lapse and renewal with the chain's clock moved, a price changed mid-flow,
/// hold-to-join with removal when the balance falls, and closing with refunds read back from the chain.
/// </summary>
public sealed class CircleTests(CircleTests.Service service) : IClassFixture<CircleTests.Service>
{
    public sealed class Service() : SharedService(PaymentApi.Settings());

    ApiFactory Api => service.Api;
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PaidCircle_PayJoinLapseRenewAndClose_FollowsTheChain()
    {
        var owner = await (await Api.CreateUserAsync("olivia")).WithPasskeyAsync();
        var bob = await (await Api.CreateUserAsync("bob")).WithPasskeyAsync();
        var carol = await Api.CreateUserAsync("carol");
        var bobAddress = await Api.FundAsync(bob.User, 60);
        var ownerAddress = (await owner.User.GetWalletAsync()).Address;
        var circle = await owner.User.CreateGroup("Paid circle");
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.PutAsJsonAsync($"/api/circles/{circle.Id}/rule",
            new { access = "Pay", description = "deep dives", price = "5", periodSeconds = 600 }, ChatApi.Json, Ct)).StatusCode);
        var registered = await WaitForCircleAsync(carol, circle.Id, c => c.OnChainId is not null);
        await owner.User.Send(circle.Id, "before bob");

        var joined = await PayAsync(bob, circle.Id, registered.OnChainId!, periods: 1, price: "5");
        await WaitUntilReadableAsync(bob.User, circle.Id);
        await using var carolDevice = await HubInbox.ConnectAsync(carol);
        await using var bobDevice = await HubInbox.ConnectAsync(bob.User);
        await owner.User.Send(circle.Id, "the secret plan");
        await bobDevice.WaitFor<OpenChat.Chain.Messaging.Sync.ChatUpdateView>(u => u.Message?.Text == "the secret plan");
        var ownerAndCarol = await owner.User.DirectChatWith(carol);
        await carolDevice.ExpectNoneBefore<OpenChat.Chain.Messaging.Sync.ChatUpdateView>(u => u.ChatId == circle.Id, // not pushed to outsiders
            () => owner.User.Send(ownerAndCarol.Id, "a word with carol"), u => u.Message?.Text == "a word with carol");

        Assert.Equal(("Paid circle", "deep dives", "Pay", "5", 600L), (registered.Title, registered.Description, registered.Access, registered.Price, registered.PeriodSeconds));
        Assert.Equal(HttpStatusCode.Accepted, joined.StatusCode);
        var twice = await PostJoinAsync(bob, circle.Id, Guid.NewGuid().ToString(), 1, "5", null);
        var twiceProblem = await ChatApi.Problem(twice);
        Assert.Equal((409, "circle.already_member"), (twiceProblem.Status, twiceProblem.Code)); // a member renews instead
        Assert.Equal(WalletApi.Units(55), await Api.CoinBalanceAsync(bobAddress));
        Assert.Equal(WalletApi.Units(5), await Api.CoinBalanceAsync(ownerAddress)); // a new member's first period goes straight to the payout
        Assert.Contains(await bob.User.History(circle.Id), m => m.Text == "the secret plan");
        Assert.Contains(await bob.User.History(circle.Id), m => m.Kind == "System" && m.Text!.Contains("joined"));
        Assert.Equal(HttpStatusCode.NotFound, (await carol.Http.GetAsync($"/api/chats/{circle.Id}/messages", Ct)).StatusCode);
        Assert.DoesNotContain("secret", await carol.Http.GetStringAsync("/api/search?q=secret", Ct));
        Assert.Equal(2, (await WaitForCircleAsync(carol, circle.Id, c => c.MemberCount == 2)).MemberCount);

        // Paying without the coins: refused before the passkey is even asked, and by the payment itself.
        var poor = await (await Api.CreateUserAsync("pat")).WithPasskeyAsync();
        var poorReview = await ChatApi.Problem(await poor.Http.PostAsJsonAsync("/api/confirmations",
            CircleTerms(circle.Id, registered.OnChainId!, 1, "5", "poor"), ChatApi.Json, Ct));
        Assert.Equal((409, "wallet.insufficient_balance"), (poorReview.Status, poorReview.Code));
        var poorProblem = await ChatApi.Problem(await PostJoinAsync(poor, circle.Id, "poor", 1, "5", null));
        Assert.True(poorProblem.Status is 403 or 409, poorProblem.Code); // unconfirmed, and short of coins either way

        // The price changes between what bob saw and his payment: refused, nothing charged.
        var (staleConfirmation, _) = await bob.ConfirmAsync(CircleTerms(circle.Id, registered.OnChainId!, 1, "5", "stale"));
        Assert.Equal(HttpStatusCode.Accepted, (await owner.Http.PutAsJsonAsync($"/api/circles/{circle.Id}/price", new { price = "7" }, ChatApi.Json, Ct)).StatusCode);
        await WaitForCircleAsync(carol, circle.Id, c => c.Price == "7");
        var stale = await PostJoinAsync(bob, circle.Id, "stale", 1, "5", staleConfirmation, route: "renew");
        var staleProblem = await ChatApi.Problem(stale);
        Assert.Equal((409, "circle.terms_changed"), (staleProblem.Status, staleProblem.Code));
        Assert.Equal(WalletApi.Units(55), await Api.CoinBalanceAsync(bobAddress));

        // Past the period: bob lapses and reads nothing new, then renews at the new price.
        await Api.WarpAsync(601);
        await WaitUntilAsync(async () => (await bob.Http.GetAsync($"/api/chats/{circle.Id}/messages", Ct)).StatusCode == HttpStatusCode.NotFound);
        // The lapse and its notice are two writes: wait for the notice rather than read between them.
        await WaitUntilAsync(async () => (await owner.User.History(circle.Id)).Any(m => m.Kind == "System" && m.Text!.Contains("lapsed")));
        await owner.User.Send(circle.Id, "while bob is away");
        var ownerAndBob = await owner.User.DirectChatWith(bob.User);
        await bobDevice.ExpectNoneBefore<OpenChat.Chain.Messaging.Sync.ChatUpdateView>(u => u.Message?.Text == "while bob is away",
            () => owner.User.Send(ownerAndBob.Id, "a word with bob"), u => u.Message?.Text == "a word with bob");
        await PayAsync(bob, circle.Id, registered.OnChainId!, periods: 3, price: "7");
        await WaitUntilReadableAsync(bob.User, circle.Id);
        Assert.Equal(WalletApi.Units(34), await Api.CoinBalanceAsync(bobAddress));

        // Closing refunds the periods bob paid for and has not started (2 of 3 at 7 CHAT), read back from the chain.
        Assert.Equal(HttpStatusCode.Accepted, (await owner.Http.PostAsync($"/api/circles/{circle.Id}/close", null, Ct)).StatusCode);
        await WaitUntilAsync(async () => await Api.CoinBalanceAsync(bobAddress) == WalletApi.Units(48));
        Assert.True((await WaitForCircleAsync(carol, circle.Id, c => c.Closed)).Closed);
        var late = await PostJoinAsync(carol, circle.Id, "late", 1, "7", null);
        Assert.Equal(409, (await ChatApi.Problem(late)).Status);
    }

    [Fact]
    public async Task HoldToJoin_AdmitsHoldersRefusesOthers_AndRemovesWhoSellsUntilTheyHoldAgain()
    {
        var owner = await Api.CreateUserAsync("owen");
        var dave = await Api.CreateUserAsync("dave");
        var erin = await Api.CreateUserAsync("erin");
        await Api.FundAsync(dave, 150);
        await Api.FundAsync(erin, 50);
        var circle = await owner.CreateGroup("Holders");
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.PutAsJsonAsync($"/api/circles/{circle.Id}/rule",
            new { access = "Hold", minBalance = "100" }, ChatApi.Json, Ct)).StatusCode);

        var daveJoins = await dave.Http.PostAsJsonAsync($"/api/circles/{circle.Id}/join", new { }, ChatApi.Json, Ct);
        var erinJoins = await erin.Http.PostAsJsonAsync($"/api/circles/{circle.Id}/join", new { }, ChatApi.Json, Ct);
        var link = await owner.Http.PostAsync($"/api/chats/{circle.Id}/invite-link", null, Ct);
        var code = JsonNode.Parse(await link.Content.ReadAsStringAsync(Ct))!["code"]!.GetValue<string>();
        var viaLink = await erin.Http.PostAsync($"/api/invites/{code}/join", null, Ct); // an invite link does not skip the rule

        Assert.Equal(HttpStatusCode.OK, daveJoins.StatusCode);
        var daveAgain = await ChatApi.Problem(await dave.Http.PostAsJsonAsync($"/api/circles/{circle.Id}/join", new { }, ChatApi.Json, Ct));
        Assert.Equal((409, "circle.already_member"), (daveAgain.Status, daveAgain.Code));
        var erinProblem = await ChatApi.Problem(erinJoins);
        Assert.Equal((409, "circle.hold_too_low"), (erinProblem.Status, erinProblem.Code));
        var linkProblem = await ChatApi.Problem(viaLink);
        Assert.Equal((403, "circle.rule_applies"), (linkProblem.Status, linkProblem.Code));
        await WaitUntilReadableAsync(dave, circle.Id);

        // Dave sends his coins away: below the minimum, the keeper removes him with a notice.
        var sent = await dave.SendAsync((await erin.GetWalletAsync()).Address, "100", Guid.NewGuid().ToString());
        await dave.Http.WaitUntilSettledAsync((await sent.ReadTransferAsync()).Id, TimeSpan.FromSeconds(60));
        await WaitUntilAsync(async () => (await dave.Http.GetAsync($"/api/chats/{circle.Id}/messages", Ct)).StatusCode == HttpStatusCode.NotFound);
        // The removal and its notice are two writes: wait for the notice rather than read between them.
        await WaitUntilAsync(async () => (await owner.History(circle.Id)).Any(m => m.Kind == "System" && m.Text!.Contains("removed")));

        // With his coins back he may rejoin.
        await Api.FundAsync(dave, 100);
        Assert.Equal(HttpStatusCode.OK, (await dave.Http.PostAsJsonAsync($"/api/circles/{circle.Id}/join", new { }, ChatApi.Json, Ct)).StatusCode);
        await WaitUntilReadableAsync(dave, circle.Id);
    }

    [Fact]
    public async Task HoldToJoin_ByVotingPower_CountsDelegatedVotesNotTheBalance()
    {
        var owner = await Api.CreateUserAsync("vera");
        var gina = await Api.VoterAsync("gina", 150);
        var hank = await Api.VoterAsync("hank", 150);
        Assert.Equal(HttpStatusCode.Accepted, (await hank.DelegateAsync(gina.Id)).StatusCode); // hank keeps his coins, gina votes them
        await gina.WaitForVotesAsync(300);
        var circle = await owner.CreateGroup("Voters");
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.PutAsJsonAsync($"/api/circles/{circle.Id}/rule",
            new { access = "Hold", minBalance = "100", holdMeasure = "votes" }, ChatApi.Json, Ct)).StatusCode);

        var ginaJoins = await gina.Http.PostAsJsonAsync($"/api/circles/{circle.Id}/join", new { }, ChatApi.Json, Ct);
        var hankJoins = await ChatApi.Problem(await hank.Http.PostAsJsonAsync($"/api/circles/{circle.Id}/join", new { }, ChatApi.Json, Ct));

        Assert.Equal(HttpStatusCode.OK, ginaJoins.StatusCode);
        Assert.Equal((409, "circle.hold_too_low"), (hankJoins.Status, hankJoins.Code)); // 150 CHAT, but 0 votes
        Assert.Equal("votes", (await WaitForCircleAsync(owner, circle.Id, c => c.MemberCount == 2)).HoldMeasure);
    }

    [Fact]
    public async Task PaidRule_WithoutPriceOrPeriod_OrSetByANonOwner_IsRefused()
    {
        var owner = await Api.CreateUserAsync("oscar");
        var member = await Api.CreateUserAsync("mia");
        var circle = await owner.CreateGroup("Rules", member);

        var noPrice = await owner.Http.PutAsJsonAsync($"/api/circles/{circle.Id}/rule", new { access = "Pay", periodSeconds = 600 }, ChatApi.Json, Ct);
        var noPeriod = await owner.Http.PutAsJsonAsync($"/api/circles/{circle.Id}/rule", new { access = "Pay", price = "5" }, ChatApi.Json, Ct);
        var notOwner = await member.Http.PutAsJsonAsync($"/api/circles/{circle.Id}/rule", new { access = "Pay", price = "5", periodSeconds = 600 }, ChatApi.Json, Ct);

        Assert.Equal(400, (await ChatApi.Problem(noPrice)).Status);
        Assert.Equal(400, (await ChatApi.Problem(noPeriod)).Status);
        Assert.Equal(403, (await ChatApi.Problem(notOwner)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Http.GetAsync($"/api/circles/{circle.Id}", Ct)).StatusCode); // nothing stored
    }

    static object CircleTerms(Guid chatId, string circleId, int periods, string price, string key) => new
    {
        kind = "Circle", chatId, amount = (decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture) * periods).ToString(System.Globalization.CultureInfo.InvariantCulture),
        idempotencyKey = key, periods, price, circleId,
    };

    static async Task<HttpResponseMessage> PayAsync(Payer payer, Guid chatId, string circleId, int periods, string price)
    {
        var key = Guid.NewGuid().ToString();
        var (confirmation, _) = await payer.ConfirmAsync(CircleTerms(chatId, circleId, periods, price, key));
        var response = await PostJoinAsync(payer.User, chatId, key, periods, price, confirmation);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return response;
    }

    static Task<HttpResponseMessage> PostJoinAsync(TestUser user, Guid chatId, string key, int periods, string price, JsonObject? confirmation,
        string route = "join")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/circles/{chatId}/{route}")
        {
            Content = JsonContent.Create(new { periods, expectedPrice = price, confirmation }, options: ChatApi.Json),
        };
        request.Headers.Add("Idempotency-Key", key);
        return user.Http.SendAsync(request, Ct);
    }

    static Task<HttpResponseMessage> PostJoinAsync(Payer payer, Guid chatId, string key, int periods, string price, JsonObject? confirmation,
        string route = "join") =>
        PostJoinAsync(payer.User, chatId, key, periods, price, confirmation, route);

    static async Task<CircleView> WaitForCircleAsync(TestUser anyone, Guid chatId, Func<CircleView, bool> done)
    {
        CircleView? view = null;
        await WaitUntilAsync(async () =>
        {
            var response = await anyone.Http.GetAsync($"/api/circles/{chatId}", Ct);
            view = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<CircleView>(ChatApi.Json, Ct) : null;
            return view is not null && done(view);
        });
        return view!;
    }

    static Task WaitUntilReadableAsync(TestUser user, Guid chatId) =>
        WaitUntilAsync(async () => (await user.Http.GetAsync($"/api/chats/{chatId}/messages", Ct)).IsSuccessStatusCode);

    static async Task WaitUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("condition not met within 60 s");
            await Task.Delay(250, Ct);
        }
    }
}

using System.Net.Http.Json;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Hex.HexTypes;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Api.Tests.Wallet;
using OpenChat.Chain.Api.Messaging;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Sync;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Actions;

namespace OpenChat.Chain.Api.Tests.Payments;

/// <summary>
/// Money inside the conversation, end to end: HTTP and the realtime hub, a real anvil and SQLite, balances read from
/// the chain. One service for the class (its own chain).
/// </summary>
public sealed class ChatPaymentTests(ChatPaymentTests.Service service) : IClassFixture<ChatPaymentTests.Service>
{
    public sealed class Service() : SharedService(PaymentApi.Settings());

    ApiFactory Api => service.Api;
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<Payer> PayerAsync(string name, decimal coins = 0)
    {
        var payer = await (await Api.CreateUserAsync(name)).WithPasskeyAsync();
        if (coins > 0) await Api.FundAsync(payer.User, coins);
        return payer;
    }

    async Task<string> AddressAsync(TestUser user) => (await user.GetWalletAsync()).Address;

    [Fact]
    public async Task Transfer_InADirectChat_MovesFromPendingToConfirmedLiveForBothSides()
    {
        var alice = await PayerAsync("alice", 10);
        var bob = await PayerAsync("bob");
        var chat = await alice.User.DirectChatWith(bob.User);
        await using var bobDevice = await HubInbox.ConnectAsync(bob.User);

        var paid = await (await alice.SendInChatAsync(chat.Id, bob.Id, "2.5", Guid.NewGuid().ToString(), note: "for lunch")).ReadPaymentAsync();

        Assert.True(paid.Created);
        var (message, payload) = await alice.User.WaitForPayloadAsync(chat.Id, paid.MessageId!.Value, p => (string?)p["status"] == "Confirmed");
        Assert.Equal(("Transfer", "for lunch", "2.5"), (message.Kind, message.Text, (string?)payload["amount"]));
        Assert.NotNull((string?)payload["txHash"]);
        var live = await bobDevice.WaitFor<ChatUpdateView>(u => u.Kind == nameof(UpdateKind.PaymentChanged) && u.Message!.Id == message.Id
            && JsonNode.Parse(u.Message.Payload!)!["status"]!.GetValue<string>() == "Confirmed", TimeSpan.FromSeconds(30));
        Assert.Equal((string?)payload["txHash"], (string?)JsonNode.Parse(live.Message!.Payload!)!["txHash"]);
        Assert.Equal(WalletApi.Units(2.5m), await Api.CoinBalanceAsync(await AddressAsync(bob.User)));
        Assert.Equal(WalletApi.Units(7.5m), await Api.CoinBalanceAsync(await AddressAsync(alice.User)));
    }

    [Fact]
    public async Task NoteOrGreeting_InAPrivateChat_IsRefusedNamingTheField_AndNothingIsStored()
    {
        var alice = await PayerAsync("alice", 5);
        var bob = await PayerAsync("bob");
        // Issue 18: the words go as an encrypted message replying to the card; the service never takes them in the clear.
        var chat = await ChatApi.Read<ChatView>(await alice.User.Http.PostAsJsonAsync("/api/chats/direct",
            new CreateDirectChatBody(bob.Id, Private: true), ChatApi.Json, Ct));

        var note = await PostAsync(alice, $"/api/chats/{chat.Id}/transfers", Guid.NewGuid().ToString(),
            new { amount = "1", toUserId = bob.Id, note = "for the secret lunch" });
        var greeting = await PostAsync(alice, $"/api/chats/{chat.Id}/envelopes", Guid.NewGuid().ToString(),
            new { total = "2", shares = 1, split = "equal", expiresAt = DateTimeOffset.UtcNow.AddDays(1), greeting = "secret wishes" });

        var (status, code, body) = await ChatApi.Problem(note);
        Assert.Equal((400, "payment.note_in_private_chat"), (status, code));
        Assert.StartsWith("note:", body.GetProperty("detail").GetString());
        var (greetingStatus, greetingCode, greetingBody) = await ChatApi.Problem(greeting);
        Assert.Equal((400, "payment.note_in_private_chat"), (greetingStatus, greetingCode));
        Assert.StartsWith("greeting:", greetingBody.GetProperty("detail").GetString());
        Assert.Empty(await bob.User.History(chat.Id));
    }

    [Fact]
    public async Task NoteOrGreeting_InAPrivateChat_IsRefusedByTheConfirmation_BeforeAnyPrompt()
    {
        var alice = await PayerAsync("alice", 5);
        var bob = await PayerAsync("bob");
        var secret = await ChatApi.Read<ChatView>(await alice.User.Http.PostAsJsonAsync("/api/chats/direct",
            new CreateDirectChatBody(bob.Id, Private: true), ChatApi.Json, Ct));
        var plain = await alice.User.DirectChatWith(bob.User);
        Task<HttpResponseMessage> Confirm(object terms) => alice.User.Http.PostAsJsonAsync("/api/confirmations", terms, ChatApi.Json, Ct);

        var note = await Confirm(new { kind = "Transfer", chatId = secret.Id, amount = "1", idempotencyKey = Guid.NewGuid().ToString(),
            toUserId = bob.Id, note = "for the secret lunch" });
        var greeting = await Confirm(new { kind = "Envelope", chatId = secret.Id, amount = "2", idempotencyKey = Guid.NewGuid().ToString(),
            shares = 1, split = "equal", greeting = "secret wishes" });
        var silent = await Confirm(new { kind = "Transfer", chatId = secret.Id, amount = "1", idempotencyKey = Guid.NewGuid().ToString(), toUserId = bob.Id });
        var plainNote = await Confirm(new { kind = "Transfer", chatId = plain.Id, amount = "1", idempotencyKey = Guid.NewGuid().ToString(),
            toUserId = bob.Id, note = "for lunch" });

        var (status, code, body) = await ChatApi.Problem(note);
        Assert.Equal((400, "payment.note_in_private_chat"), (status, code));
        Assert.True(body.GetProperty("errors").TryGetProperty("note", out _));
        var (greetingStatus, greetingCode, greetingBody) = await ChatApi.Problem(greeting);
        Assert.Equal((400, "payment.note_in_private_chat"), (greetingStatus, greetingCode));
        Assert.True(greetingBody.GetProperty("errors").TryGetProperty("greeting", out _));
        // Without words the same payment is confirmed; in a plain chat the note goes with the payment as before.
        Assert.Equal(HttpStatusCode.OK, silent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, plainNote.StatusCode);
    }

    [Fact]
    public async Task Transfer_WithoutAValidPasskeyConfirmation_IsRefusedAndStoresNothing()
    {
        var alice = await PayerAsync("alice", 5);
        var bob = await PayerAsync("bob", 5); // his own challenge is for terms he could pay
        var chat = await alice.User.DirectChatWith(bob.User);
        var key = Guid.NewGuid().ToString();

        var unconfirmed = await alice.SendInChatAsync(chat.Id, bob.Id, "1", key, confirm: false);
        // Confirmed for 1 CHAT, sent for 4: the signature covers the terms, so it does not carry over.
        var (forOne, _) = await alice.ConfirmAsync(new { kind = "Transfer", chatId = chat.Id, amount = "1", idempotencyKey = key, toUserId = bob.Id });
        var swapped = await PostAsync(alice, $"/api/chats/{chat.Id}/transfers", key, new { amount = "4", toUserId = bob.Id, confirmation = forOne });
        // Bob's passkey answering Alice's challenge.
        var (forAlice, _) = await bob.ConfirmAsync(new { kind = "Transfer", chatId = chat.Id, amount = "1", idempotencyKey = key, toUserId = alice.Id });
        var stolen = await PostAsync(alice, $"/api/chats/{chat.Id}/transfers", key, new { amount = "1", toUserId = bob.Id, confirmation = forAlice });

        Assert.Equal((HttpStatusCode.Forbidden, "payment.confirmation_required"), await ProblemAsync(unconfirmed));
        Assert.Equal((HttpStatusCode.Conflict, "payment.terms_changed"), await ProblemAsync(swapped));
        Assert.Equal("auth.challenge_expired", (await ProblemAsync(stolen)).Code); // Bob's ceremony is not Alice's to answer
        Assert.Empty(await alice.User.History(chat.Id));
        Assert.DoesNotContain((await alice.User.HistoryAsync()).Items, e => e.Direction == OpenChat.Chain.Wallet.Transfers.TransferDirection.Outgoing);
        Assert.Equal(WalletApi.Units(5), await Api.CoinBalanceAsync(await AddressAsync(bob.User)));
    }

    [Fact]
    public async Task Transfer_BelowTheUsersOwnPasskeyThreshold_NeedsOnlyTheSession_AndAboveItStillAsks()
    {
        var alice = await PayerAsync("alice", 10);
        var bob = await PayerAsync("bob");
        var chat = await alice.User.DirectChatWith(bob.User);
        var key = Guid.NewGuid().ToString();

        var unconfirmedChange = await PutThresholdAsync(alice, "2", key, null);
        var (confirmation, _) = await alice.ConfirmAsync(new { kind = "Threshold", amount = "2", idempotencyKey = key });
        var changed = await PutThresholdAsync(alice, "2", key, confirmation);
        var small = await alice.SendInChatAsync(chat.Id, bob.Id, "1.5", Guid.NewGuid().ToString(), confirm: false);
        var large = await alice.SendInChatAsync(chat.Id, bob.Id, "2", Guid.NewGuid().ToString(), confirm: false);

        Assert.Equal((HttpStatusCode.Forbidden, "payment.confirmation_required"), await ProblemAsync(unconfirmedChange));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.True((await small.ReadPaymentAsync()).Created);
        Assert.Equal((HttpStatusCode.Forbidden, "payment.confirmation_required"), await ProblemAsync(large));
    }

    static Task<HttpResponseMessage> PutThresholdAsync(Payer payer, string amount, string key, JsonObject? confirmation)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/payments/threshold")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { sessionSufficesBelow = amount, confirmation }, options: ChatApi.Json),
        };
        request.Headers.Add("Idempotency-Key", key);
        return payer.Http.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Transfer_ToAnOutsideAddress_FromAChat_PaysThatAddress()
    {
        var alice = await PayerAsync("alice", 5);
        var bob = await PayerAsync("bob");
        var chat = await alice.User.DirectChatWith(bob.User);
        const string outside = "0x000000000000000000000000000000000000dEaD";
        var key = Guid.NewGuid().ToString();

        var (confirmation, _) = await alice.ConfirmAsync(new { kind = "Transfer", chatId = chat.Id, amount = "1", idempotencyKey = key, toAddress = outside });
        var paid = await (await PostAsync(alice, $"/api/chats/{chat.Id}/transfers", key, new { amount = "1", toAddress = outside, confirmation })).ReadPaymentAsync();

        await alice.User.WaitForPayloadAsync(chat.Id, paid.MessageId!.Value, p => (string?)p["status"] == "Confirmed");
        Assert.Equal(WalletApi.Units(1), await Api.CoinBalanceAsync(outside));
    }

    [Fact]
    public async Task RedEnvelope_InADirectChat_IsOpenedByTheOtherPerson()
    {
        var alice = await PayerAsync("alice", 5);
        var bob = await PayerAsync("bob");
        var chat = await alice.User.DirectChatWith(bob.User);
        await using var bobDevice = await HubInbox.ConnectAsync(bob.User);

        var dropped = await (await alice.DropEnvelopeAsync(chat.Id, "1.2", 1, "random", Guid.NewGuid().ToString())).ReadPaymentAsync();
        await bobDevice.WaitFor<ChatUpdateView>(u => u.Message is { } m && m.Id == dropped.MessageId
            && JsonNode.Parse(m.Payload!)!["state"]?.GetValue<string>() == "open", TimeSpan.FromSeconds(30));
        await (await bob.User.OpenEnvelopeAsync(chat.Id, dropped.MessageId!.Value)).ReadPaymentAsync();
        var claimed = await bobDevice.WaitFor<ChatUpdateView>(u => u.Message is { } m && m.Id == dropped.MessageId
            && JsonNode.Parse(m.Payload!)!["state"]?.GetValue<string>() == "empty", TimeSpan.FromSeconds(30));

        Assert.Equal(bob.Id, JsonNode.Parse(claimed.Message!.Payload!)!["luckiest"]!.GetValue<Guid>());
        Assert.Equal(WalletApi.Units(1.2m), await Api.CoinBalanceAsync(await AddressAsync(bob.User)));
    }

    [Fact]
    public async Task Transfer_RetriedWithTheSameKey_PaysOnceAndPostsOneMessage()
    {
        var alice = await PayerAsync("alice", 5);
        var bob = await PayerAsync("bob");
        var chat = await alice.User.DirectChatWith(bob.User);
        var key = Guid.NewGuid().ToString();

        var first = await (await alice.SendInChatAsync(chat.Id, bob.Id, "1", key)).ReadPaymentAsync();
        var retry = await (await alice.SendInChatAsync(chat.Id, bob.Id, "1", key)).ReadPaymentAsync();
        var other = await alice.SendInChatAsync(chat.Id, bob.Id, "2", key);

        Assert.Equal((first.PaymentId, first.TransferId, first.MessageId, false), (retry.PaymentId, retry.TransferId, retry.MessageId, retry.Created));
        Assert.Equal((HttpStatusCode.Conflict, "wallet.idempotency_key_reused"), await ProblemAsync(other));
        await alice.User.WaitForPayloadAsync(chat.Id, first.MessageId!.Value, p => (string?)p["status"] == "Confirmed");
        Assert.Single(await alice.User.History(chat.Id));
        Assert.Equal(WalletApi.Units(1), await Api.CoinBalanceAsync(await AddressAsync(bob.User)));
    }

    [Fact]
    public async Task Tip_OnAMessage_PaysItsAuthorAndShowsTheTotalAndWhoTipped()
    {
        var alice = await PayerAsync("alice", 5);
        var bob = await PayerAsync("bob");
        var carol = await PayerAsync("carol", 5);
        var group = await bob.User.CreateGroup("tips", alice.User, carol.User);
        var post = await bob.User.Send(group.Id, "a good idea");

        await (await alice.TipAsync(group.Id, post.Id, "1.5", Guid.NewGuid().ToString())).ReadPaymentAsync();
        await (await carol.TipAsync(group.Id, post.Id, "0.5", Guid.NewGuid().ToString())).ReadPaymentAsync();
        var own = await bob.TipAsync(group.Id, post.Id, "1", Guid.NewGuid().ToString());

        var (_, payload) = await bob.User.WaitForPayloadAsync(group.Id, post.Id, p => p["tips"]?["by"]?.AsArray().Count == 2);
        Assert.Equal("2", (string?)payload["tips"]!["total"]);
        Assert.Equal(new HashSet<Guid> { alice.Id, carol.Id }, payload["tips"]!["by"]!.AsArray().Select(t => t!["userId"]!.GetValue<Guid>()).ToHashSet());
        Assert.Equal((HttpStatusCode.BadRequest, "tip.not_tippable"), await ProblemAsync(own));
        Assert.Equal(WalletApi.Units(2), await Api.CoinBalanceAsync(await AddressAsync(bob.User)));
    }

    [Fact]
    public async Task Tip_OnAnEncryptedMessageOfAPrivateChat_PaysItsAuthor()
    {
        var alice = await PayerAsync("alice", 5);
        var bob = await PayerAsync("bob");
        var chat = await ChatApi.Read<ChatView>(await bob.Http.PostAsJsonAsync("/api/chats/direct",
            new CreateDirectChatBody(alice.Id, Private: true), ChatApi.Json, TestContext.Current.CancellationToken));
        // The service cannot read it (MLS ciphertext in a real client; any base64 here): the tip rewards it all the same.
        var post = await ChatApi.Read<MessageView>(await bob.Http.PostAsJsonAsync($"/api/chats/{chat.Id}/messages",
            new SendMessageBody(Guid.NewGuid(), null, Ciphertext: Convert.ToBase64String("sealed idea"u8)), ChatApi.Json, TestContext.Current.CancellationToken));

        var tip = await (await alice.TipAsync(chat.Id, post.Id, "1", Guid.NewGuid().ToString())).ReadPaymentAsync();

        // Its own message (a reply to the sealed one) follows the chain to Confirmed; the sealed message stays as sealed.
        var (tipMessage, _) = await bob.User.WaitForPayloadAsync(chat.Id, tip.MessageId!.Value, p => (string?)p["status"] == "Confirmed");
        Assert.Equal((nameof(MessageKind.Tip), post.Id), (tipMessage.Kind.ToString(), tipMessage.ReplyToId));
        Assert.Equal(WalletApi.Units(1), await Api.CoinBalanceAsync(await AddressAsync(bob.User)));
        Assert.Equal(post.Payload, (await bob.User.History(chat.Id)).Single(m => m.Id == post.Id).Payload);
    }

    [Fact]
    public async Task Tip_OnAMessageOfAChatOneIsNotIn_IsNotFound()
    {
        var alice = await PayerAsync("alice", 5);
        var bob = await PayerAsync("bob");
        var carol = await PayerAsync("carol");
        var chat = await bob.User.DirectChatWith(carol.User);
        var post = await bob.User.Send(chat.Id, "private");

        // Refused before any passkey prompt (the terms name a chat she is not in), and by the tip itself.
        var review = await alice.Http.PostAsJsonAsync("/api/payments/confirmations",
            new { kind = "Tip", chatId = chat.Id, amount = "1", idempotencyKey = "k1", messageId = post.Id }, ChatApi.Json, TestContext.Current.CancellationToken);
        var response = await PostAsync(alice, $"/api/chats/{chat.Id}/messages/{post.Id}/tips", "k1", new { amount = "1" });

        Assert.Equal((HttpStatusCode.NotFound, "chat.not_found"), await ProblemAsync(review));
        Assert.Equal(HttpStatusCode.NotFound, (await ProblemAsync(response)).Item1);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("equal")]
    public async Task RedEnvelope_OpenedByMembers_PaysWhatTheChainSaysAndNamesTheLuckiest(string split)
    {
        var alice = await PayerAsync("alice", 20);
        var (bob, carol, dave) = (await PayerAsync("bob"), await PayerAsync("carol"), await PayerAsync("dave"));
        var outsider = await PayerAsync("erin");
        var group = await alice.User.CreateGroup("envelopes", bob.User, carol.User, dave.User);

        var dropped = await (await alice.DropEnvelopeAsync(group.Id, "9", 3, split, Guid.NewGuid().ToString())).ReadPaymentAsync();
        var (_, open) = await bob.User.WaitForPayloadAsync(group.Id, dropped.MessageId!.Value, p => (string?)p["state"] == "open");

        var notMember = await outsider.User.OpenEnvelopeAsync(group.Id, dropped.MessageId.Value);
        var claims = await Task.WhenAll(new[] { bob, carol, dave }.Select(async m => await (await m.User.OpenEnvelopeAsync(group.Id, dropped.MessageId.Value)).ReadPaymentAsync()));
        var again = await bob.User.OpenEnvelopeAsync(group.Id, dropped.MessageId.Value);
        var (_, empty) = await alice.User.WaitForPayloadAsync(group.Id, dropped.MessageId.Value, p => (string?)p["state"] == "empty");

        Assert.Equal((HttpStatusCode.NotFound, "chat.not_found"), await ProblemAsync(notMember));
        Assert.Equal((HttpStatusCode.Conflict, "envelope.already_claimed"), await ProblemAsync(again)); // and nothing more is paid
        var shown = empty["claims"]!.AsArray().ToDictionary(c => c!["userId"]!.GetValue<Guid>(), c => BigInteger.Parse(c!["units"]!.GetValue<string>()));
        Assert.Equal(3, shown.Count);
        foreach (var member in new[] { bob, carol, dave })
            Assert.Equal(shown[member.Id], await Api.CoinBalanceAsync(await AddressAsync(member.User)));
        Assert.Equal(WalletApi.Units(9), shown.Values.Aggregate(BigInteger.Zero, (a, b) => a + b));
        if (split == "equal") Assert.All(shown.Values, v => Assert.Equal(WalletApi.Units(3), v));
        Assert.Equal(shown.MaxBy(kv => kv.Value).Value, shown[empty["luckiest"]!.GetValue<Guid>()]);
        Assert.Equal(WalletApi.Units(11), await Api.CoinBalanceAsync(await AddressAsync(alice.User)));
        Assert.NotNull(open["envelopeId"]);
    }

    [Fact]
    public async Task RedEnvelope_Verification_SaysAnEqualEnvelopeIsNotFairAndAnUnknownOneIsNotFound()
    {
        var alice = await PayerAsync("alice", 5);
        var bob = await PayerAsync("bob");
        var group = await alice.User.CreateGroup("verify", bob.User);
        var dropped = await (await alice.DropEnvelopeAsync(group.Id, "1", 1, "equal", Guid.NewGuid().ToString())).ReadPaymentAsync();
        var (_, open) = await bob.User.WaitForPayloadAsync(group.Id, dropped.MessageId!.Value, p => (string?)p["state"] == "open");

        var verification = await bob.Http.GetFromJsonAsync<JsonObject>($"/api/envelopes/{open["envelopeId"]}/verification", Ct);
        var unknown = await bob.Http.GetAsync("/api/envelopes/999999/verification", Ct);
        var malformed = await bob.Http.GetAsync("/api/envelopes/0x12/verification", Ct);
        var beyondUint256 = await bob.Http.GetAsync($"/api/envelopes/{BigInteger.One << 256}/verification", Ct); // a 500 before

        Assert.Equal("not_fair", (string?)verification!["state"]); // paid at each claim: nothing to recompute
        Assert.Equal((HttpStatusCode.NotFound, "envelope.not_found"), await ProblemAsync(unknown));
        Assert.Equal((HttpStatusCode.NotFound, "envelope.not_found"), await ProblemAsync(malformed));
        Assert.Equal((HttpStatusCode.NotFound, "envelope.not_found"), await ProblemAsync(beyondUint256));
    }

    [Fact]
    public async Task RedEnvelope_Random_IsFair_AClaimHasNoAmountUntilTheRevealThenEveryShareVerifies()
    {
        var alice = await PayerAsync("alice", 10);
        var (bob, carol) = (await PayerAsync("bob"), await PayerAsync("carol"));
        var group = await alice.User.CreateGroup("fair", bob.User, carol.User);
        var dropped = await (await alice.DropEnvelopeAsync(group.Id, "6", 2, "random", Guid.NewGuid().ToString())).ReadPaymentAsync();
        var (_, open) = await bob.User.WaitForPayloadAsync(group.Id, dropped.MessageId!.Value, p => (string?)p["state"] == "open");
        var id = (string)open["envelopeId"]!;

        await (await bob.User.OpenEnvelopeAsync(group.Id, dropped.MessageId.Value)).ReadPaymentAsync();
        var (_, blind) = await bob.User.WaitForPayloadAsync(group.Id, dropped.MessageId.Value, p => p["claims"]!.AsArray().Count == 1);
        var beforeReveal = await bob.Http.GetFromJsonAsync<JsonObject>($"/api/envelopes/{id}/verification", Ct);
        await (await carol.User.OpenEnvelopeAsync(group.Id, dropped.MessageId.Value)).ReadPaymentAsync();
        var (_, paid) = await alice.User.WaitForPayloadAsync(group.Id, dropped.MessageId.Value, p => (string?)p["state"] == "empty");
        var verification = await bob.Http.GetFromJsonAsync<JsonObject>($"/api/envelopes/{id}/verification", Ct);

        // One share of two taken: the claim is recorded, its amount is not drawn yet (nobody could know it).
        Assert.True((bool)blind["fair"]!);
        Assert.Null(blind["claims"]![0]!["units"]);
        Assert.Equal("open", (string?)beforeReveal!["state"]);
        Assert.Null(blind["luckiest"]);
        // After the keeper's reveal: both paid, the amounts shown are the coins received, and anyone can recompute them.
        var shown = paid["claims"]!.AsArray().ToDictionary(c => c!["userId"]!.GetValue<Guid>(), c => BigInteger.Parse(c!["units"]!.GetValue<string>()));
        foreach (var member in new[] { bob, carol })
            Assert.Equal(shown[member.Id], await Api.CoinBalanceAsync(await AddressAsync(member.User)));
        Assert.Equal(WalletApi.Units(6), shown.Values.Aggregate(BigInteger.Zero, (a, b) => a + b));
        Assert.Equal(shown.MaxBy(kv => kv.Value).Value, shown[paid["luckiest"]!.GetValue<Guid>()]);
        Assert.Equal("revealed", (string?)verification!["state"]);
        Assert.True((bool)verification["matches"]!);
        Assert.Equal(2, verification["paid"]!.AsArray().Count);
    }

    [Fact]
    public async Task RedEnvelope_FairNotRevealedWithin256Blocks_IsSettledEquallyByTheKeeperAndVerifiesSo()
    {
        var alice = await PayerAsync("alice", 10);
        var (bob, carol) = (await PayerAsync("bob"), await PayerAsync("carol"));
        var group = await alice.User.CreateGroup("fair outage", bob.User, carol.User);
        var dropped = await (await alice.DropEnvelopeAsync(group.Id, "6", 2, "random", Guid.NewGuid().ToString())).ReadPaymentAsync();
        var (_, open) = await bob.User.WaitForPayloadAsync(group.Id, dropped.MessageId!.Value, p => (string?)p["state"] == "open");

        // The keeper's instance is "down": another holder keeps its duty lease while the envelope closes and 256 blocks pass.
        using var outage = new CancellationTokenSource();
        var logged = Api.Logs.Count;
        var holding = HoldLeaseAsync("FairEnvelopeKeeper", "test-outage", outage.Token);
        try
        {
            await Api.Logs.WaitForAsync(logged, "FairEnvelopeKeeper", "Duty FairEnvelopeKeeper: lease lost by");
            await (await bob.User.OpenEnvelopeAsync(group.Id, dropped.MessageId.Value)).ReadPaymentAsync();
            await (await carol.User.OpenEnvelopeAsync(group.Id, dropped.MessageId.Value)).ReadPaymentAsync();
            await alice.User.WaitForPayloadAsync(group.Id, dropped.MessageId.Value, p => (string?)p["state"] == "drawing");
            await Api.Chain().Web3.Client.SendRequestAsync<object>(new Nethereum.JsonRpc.Client.RpcRequest(Guid.NewGuid().ToString(), "anvil_mine", 300));
        }
        finally
        {
            await outage.CancelAsync();
            await holding;
        }
        var (_, paid) = await alice.User.WaitForPayloadAsync(group.Id, dropped.MessageId.Value, p => (string?)p["state"] == "empty");
        var verification = await bob.Http.GetFromJsonAsync<JsonObject>($"/api/envelopes/{open["envelopeId"]}/verification", Ct);

        // Back up, the keeper finds the closing block's hash gone and settles: total / shares each, as in Equal mode.
        Assert.All(paid["claims"]!.AsArray(), c => Assert.Equal(WalletApi.Units(3).ToString(CultureInfo.InvariantCulture), (string?)c!["units"]));
        foreach (var member in new[] { bob, carol })
            Assert.Equal(WalletApi.Units(3), await Api.CoinBalanceAsync(await AddressAsync(member.User)));
        Assert.Equal(("settled_equally", true), ((string?)verification!["state"], (bool?)verification["matches"]));
    }

    /// <summary>Keeps <paramref name="duty"/>'s lease for <paramref name="holder"/> (renewed every second, 15 s ahead) until cancelled, then lets it expire at once.</summary>
    async Task HoldLeaseAsync(string duty, string holder, CancellationToken until)
    {
        while (true)
        {
            var ahead = until.IsCancellationRequested ? 0 : DateTimeOffset.UtcNow.AddSeconds(15).ToUnixTimeMilliseconds();
            await using (var scope = Api.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<WalletDb>().Database.ExecuteSqlAsync(
                    $"""UPDATE "DutyLeases" SET "Holder" = {holder}, "ExpiresAt" = {ahead} WHERE "Duty" = {duty}""", CancellationToken.None);
            if (until.IsCancellationRequested) return;
            try { await Task.Delay(TimeSpan.FromSeconds(1), until); }
            catch (OperationCanceledException) { /* release below */ }
        }
    }

    [Fact]
    public async Task RedEnvelope_FairThatExpiresWithClaims_IsClosedRevealedAndTheRestGoesBackToItsSender()
    {
        var alice = await PayerAsync("alice", 10);
        var bob = await PayerAsync("bob");
        var group = await alice.User.CreateGroup("fair expiry", bob.User);
        var expires = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(10).ToUnixTimeSeconds());

        var dropped = await (await alice.DropEnvelopeAsync(group.Id, "4", 2, "random", Guid.NewGuid().ToString(), expires)).ReadPaymentAsync();
        var (_, open) = await bob.User.WaitForPayloadAsync(group.Id, dropped.MessageId!.Value, p => (string?)p["state"] == "open");
        await (await bob.User.OpenEnvelopeAsync(group.Id, dropped.MessageId.Value)).ReadPaymentAsync();
        var (_, refunded) = await alice.User.WaitForPayloadAsync(group.Id, dropped.MessageId.Value, p => (string?)p["state"] == "refunded"
            && p["claims"]!.AsArray().Count == 1 && p["claims"]![0]!["units"] is not null);
        var verification = await bob.Http.GetFromJsonAsync<JsonObject>($"/api/envelopes/{open["envelopeId"]}/verification", Ct);

        // Bob's share was drawn after the keeper closed the expired envelope; Alice got the rest (the unclaimed position's amount).
        var bobs = BigInteger.Parse((string)refunded["claims"]![0]!["units"]!);
        Assert.Equal(bobs, await Api.CoinBalanceAsync(await AddressAsync(bob.User)));
        Assert.Equal(WalletApi.Units(10) - bobs, await Api.CoinBalanceAsync(await AddressAsync(alice.User)));
        Assert.Equal(OpenChat.Chain.Wallet.Transfers.Coins.Format(WalletApi.Units(4) - bobs), (string?)refunded["refunded"]);
        Assert.Equal(("revealed", true), ((string?)verification!["state"], (bool?)verification["matches"]));
    }

    [Fact]
    public async Task RedEnvelope_VoucherReplayedByAnotherAccount_IsRefusedByTheContract()
    {
        var alice = await PayerAsync("alice", 5);
        var bob = await PayerAsync("bob");
        var group = await alice.User.CreateGroup("replay", bob.User);
        var dropped = await (await alice.DropEnvelopeAsync(group.Id, "2", 2, "equal", Guid.NewGuid().ToString())).ReadPaymentAsync();
        await bob.User.WaitForPayloadAsync(group.Id, dropped.MessageId!.Value, p => (string?)p["state"] == "open");
        var claim = await (await bob.User.OpenEnvelopeAsync(group.Id, dropped.MessageId.Value)).ReadPaymentAsync();
        var (_, payload) = await bob.User.WaitForPayloadAsync(group.Id, dropped.MessageId.Value, p => p["claims"]!.AsArray().Count == 1);

        var row = await Api.OutboxRowAsync(claim.TransferId!.Value);
        var voucher = ChainActions.Read<EnvelopeClaimDetails>(row);
        var chain = Api.Chain();
        var claimFn = chain.Web3.Eth.GetContract(ContractArtifact.RedEnvelope.Abi, chain.Contracts.RedEnvelope).GetFunction("claim");
        // The service's own account presents Bob's voucher: it names Bob, so the contract refuses it.
        var replay = await Record.ExceptionAsync(() => claimFn.EstimateGasAsync(chain.SystemAccount, new HexBigInteger(300_000), null,
            BigInteger.Parse(voucher.EnvelopeId, CultureInfo.InvariantCulture), voucher.Deadline, Nethereum.Hex.HexConvertors.Extensions.HexByteConvertorExtensions.HexToByteArray(voucher.Voucher)));

        var revert = Assert.IsType<Nethereum.Contracts.SmartContractCustomErrorRevertException>(replay);
        var invalidVoucher = Nethereum.Util.Sha3Keccack.Current.CalculateHash("RedEnvelopeInvalidVoucher(uint256,address)")[..8];
        Assert.StartsWith("0x" + invalidVoucher, revert.ExceptionEncodedData, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(WalletApi.Units(1), await Api.CoinBalanceAsync(await AddressAsync(bob.User)));
        Assert.Single(payload["claims"]!.AsArray());
    }

    [Fact]
    public async Task RedEnvelope_ThatExpires_GoesBackToItsSenderByItselfAndSaysSo()
    {
        var alice = await PayerAsync("alice", 10);
        var bob = await PayerAsync("bob");
        var group = await alice.User.CreateGroup("expiry", bob.User);
        var expires = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(10).ToUnixTimeSeconds());

        var dropped = await (await alice.DropEnvelopeAsync(group.Id, "4", 2, "equal", Guid.NewGuid().ToString(), expires)).ReadPaymentAsync();
        await bob.User.WaitForPayloadAsync(group.Id, dropped.MessageId!.Value, p => (string?)p["state"] == "open");
        await (await bob.User.OpenEnvelopeAsync(group.Id, dropped.MessageId.Value)).ReadPaymentAsync();
        var (_, refunded) = await alice.User.WaitForPayloadAsync(group.Id, dropped.MessageId.Value, p => (string?)p["state"] == "refunded");
        var late = await (await Api.CreateUserAsync("late")).OpenEnvelopeAsync(group.Id, dropped.MessageId.Value);

        Assert.Equal("2", (string?)refunded["refunded"]);
        Assert.Equal(WalletApi.Units(8), await Api.CoinBalanceAsync(await AddressAsync(alice.User)));
        Assert.Equal(WalletApi.Units(2), await Api.CoinBalanceAsync(await AddressAsync(bob.User)));
        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode); // not a member either way
    }

    [Theory]
    [InlineData("0", 2, "random", "wallet.invalid_amount")]
    [InlineData("-1", 2, "random", "wallet.invalid_amount")]
    [InlineData("1", 5000, "random", "envelope.invalid_shares")]
    [InlineData("10", 501, "random", "envelope.invalid_shares")] // a Fair envelope's reveal pays everyone at once: 500 at most
    [InlineData("0.000000000000000003", 3, "equal", "envelope.total_too_small")]
    [InlineData("1000", 2, "equal", "wallet.insufficient_balance")]
    public async Task RedEnvelope_BadTerms_Are4xxAndStoreNothing(string total, int shares, string split, string code)
    {
        var alice = await PayerAsync("alice", 5);
        var bob = await PayerAsync("bob");
        var group = await alice.User.CreateGroup("bad", bob.User);

        var response = await alice.DropEnvelopeAsync(group.Id, total, shares, split, Guid.NewGuid().ToString());

        var (status, actual) = await ProblemAsync(response);
        Assert.Equal(code, actual);
        Assert.True((int)status is >= 400 and < 500);
        Assert.Empty(await alice.User.History(group.Id));
    }

    [Fact]
    public async Task RedEnvelope_RandomSplitAboveTheFairCap_Is400NamingShares()
    {
        var alice = await PayerAsync("alice", 5);
        var bob = await PayerAsync("bob");
        var group = await alice.User.CreateGroup("many", bob.User);

        // A random split is a Fair envelope, whose reveal pays every claimer in one transaction (RedEnvelope.MAX_FAIR_SHARES).
        var response = await alice.DropEnvelopeAsync(group.Id, "3", OpenChat.Chain.Wallet.Envelopes.EnvelopeRules.MaxFairShares + 1, "random", Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("envelope.invalid_shares", (string?)problem["code"]);
        Assert.NotNull(problem["errors"]?["shares"]);
        Assert.Empty(await alice.User.History(group.Id));
    }

    [Fact]
    public async Task RedEnvelope_WithAnIdempotencyKeyOfTheFairKeeper_IsRefused()
    {
        var alice = await PayerAsync("alice", 5);
        var bob = await PayerAsync("bob");
        var group = await alice.User.CreateGroup("squat", bob.User);

        // The keeper reveals envelope n as fair-reveal:n of the creator's account: a creator holding that key would block it.
        var squatted = await alice.DropEnvelopeAsync(group.Id, "1", 1, "equal", "fair-reveal:1");

        Assert.Equal((HttpStatusCode.BadRequest, "wallet.idempotency_key_missing"), await ProblemAsync(squatted));
    }

    [Fact]
    public async Task RedEnvelope_ExpiryInThePastOrTooFar_IsRefused()
    {
        var alice = await PayerAsync("alice", 5);
        var group = await alice.User.CreateGroup("bad expiry", (await PayerAsync("bob")).User);

        var past = await alice.DropEnvelopeAsync(group.Id, "1", 1, "equal", Guid.NewGuid().ToString(), DateTimeOffset.UtcNow.AddMinutes(-1));
        var far = await alice.DropEnvelopeAsync(group.Id, "1", 1, "equal", Guid.NewGuid().ToString(), DateTimeOffset.UtcNow.AddDays(31));

        Assert.Equal((HttpStatusCode.BadRequest, "envelope.expiry_in_past"), await ProblemAsync(past));
        Assert.Equal((HttpStatusCode.BadRequest, "envelope.expiry_too_far"), await ProblemAsync(far));
    }

    static Task<HttpResponseMessage> PostAsync(Payer payer, string path, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = System.Net.Http.Json.JsonContent.Create(body, options: ChatApi.Json),
        };
        request.Headers.Add("Idempotency-Key", key);
        return payer.Http.SendAsync(request, Ct);
    }

    static async Task<(HttpStatusCode Status, string? Code)> ProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        var code = body.Length > 0 && body.TrimStart().StartsWith('{') ? (string?)JsonNode.Parse(body)?["code"] : null;
        return (response.StatusCode, code);
    }
}

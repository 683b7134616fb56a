using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Hex.HexTypes;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Api.Tests.Auth;
using OpenChat.Chain.Api.Tests.Payments;
using OpenChat.Chain.Api.Tests.Governance;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Api.Tests.Wallet;
using OpenChat.Chain.Messaging.Users;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Identity;

namespace OpenChat.Chain.Api.Tests.Custody;

/// <summary>
/// Every movement of value or authority behind the owner's own confirmation, tried as an attacker would: a stolen
/// session with no passkey, a second user's token, a replayed, swapped or borrowed confirmation; terms refused before
/// any prompt; the ceremony rate limit; devices; and the EIP-712 path of an account that brings its own key.
/// </summary>
public sealed class CustodyTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    const string Outside = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task WalletTransfer_WithTheSessionAlone_IsRefused_ConfirmedItGoesThrough()
    {
        var alice = await api.CreateUserAsync("alice");
        await api.FundAsync(alice, 5);
        await alice.PayerAsync();
        var key = Guid.NewGuid().ToString();

        var stolen = await alice.PostWithKeyAsync("/api/wallet/transfers", key, new { to = Outside, amount = "1" });
        await AssertProblemAsync(stolen, HttpStatusCode.Forbidden, "payment.confirmation_required");
        Assert.DoesNotContain((await alice.HistoryAsync()).Items, i => i.Direction.ToString() == "Out");

        var confirmation = await alice.ConfirmAsync(new { kind = "WalletTransfer", to = Outside, amount = "1", idempotencyKey = key });
        var sent = await alice.PostWithKeyAsync("/api/wallet/transfers", key, new { to = Outside, amount = "1", confirmation });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
    }

    [Fact]
    public async Task WalletTransfer_BelowTheOwnersThreshold_SessionSuffices_AtOrAboveItAsks()
    {
        var alice = await api.CreateUserAsync("alice");
        await api.FundAsync(alice, 5);
        await alice.AllowSessionBelowAsync("1");

        var small = await alice.PostWithKeyAsync("/api/wallet/transfers", Guid.NewGuid().ToString(), new { to = Outside, amount = "0.5" });
        Assert.Equal(HttpStatusCode.Accepted, small.StatusCode);
        var large = await alice.PostWithKeyAsync("/api/wallet/transfers", Guid.NewGuid().ToString(), new { to = Outside, amount = "1" });
        await AssertProblemAsync(large, HttpStatusCode.Forbidden, "payment.confirmation_required");
    }

    [Fact]
    public async Task Confirmation_ReplayedSwappedBorrowedOrSpentOnAnotherAction_IsRefused()
    {
        var (alice, mallory) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("mallory"));
        await api.FundAsync(alice, 5);
        await api.FundAsync(mallory, 5);
        await mallory.PayerAsync();

        // Swapped: confirmed 1 CHAT, asked to send 4.
        var key = Guid.NewGuid().ToString();
        var forOne = await alice.ConfirmAsync(new { kind = "WalletTransfer", to = Outside, amount = "1", idempotencyKey = key });
        await AssertProblemAsync(await alice.PostWithKeyAsync("/api/wallet/transfers", key, new { to = Outside, amount = "4", confirmation = forOne }),
            HttpStatusCode.Conflict, "payment.terms_changed");
        // Replayed: the ceremony answered once (even refused), so the same answer is dead now.
        await AssertProblemAsync(await alice.PostWithKeyAsync("/api/wallet/transfers", key, new { to = Outside, amount = "1", confirmation = forOne }),
            HttpStatusCode.Forbidden, "auth.challenge_expired");

        // Spent on another action: a transfer's confirmation presented to withdraw.
        var withdrawKey = Guid.NewGuid().ToString();
        var transferConfirmation = await alice.ConfirmAsync(new { kind = "WalletTransfer", to = Outside, amount = "1", idempotencyKey = withdrawKey });
        await AssertProblemAsync(await alice.PostWithKeyAsync("/api/wallet/withdraw", withdrawKey, new { to = Outside, confirmation = transferConfirmation }),
            HttpStatusCode.Conflict, "payment.terms_changed");

        // Borrowed: alice's fresh confirmation, sent with mallory's token (a second user's session).
        var aliceKey = Guid.NewGuid().ToString();
        var alices = await alice.ConfirmAsync(new { kind = "WalletTransfer", to = Outside, amount = "1", idempotencyKey = aliceKey });
        await AssertProblemAsync(await mallory.PostWithKeyAsync("/api/wallet/transfers", aliceKey, new { to = Outside, amount = "1", confirmation = alices }),
            HttpStatusCode.Forbidden, "auth.challenge_expired");

        // Mallory's own ceremony answered with alice's passkey: not hers.
        var mallorysKey = Guid.NewGuid().ToString();
        var asked = await mallory.AskAsync(new { kind = "WalletTransfer", to = Outside, amount = "1", idempotencyKey = mallorysKey });
        var askedJson = await asked.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var alicePayer = await alice.PayerAsync();
        var foreign = TestSignIn.Answer(askedJson.GetProperty("ceremonyId").GetString()!,
            alicePayer.Authenticator.Get(askedJson.GetProperty("options"), alicePayer.Credential));
        var refused = await mallory.PostWithKeyAsync("/api/wallet/transfers", mallorysKey, new { to = Outside, amount = "1", confirmation = foreign });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        Assert.DoesNotContain((await alice.HistoryAsync()).Items, i => i.Direction.ToString() == "Out");
        Assert.DoesNotContain((await mallory.HistoryAsync()).Items, i => i.Direction.ToString() == "Out");
    }

    [Fact]
    public async Task WithdrawExportAndDelegate_AlwaysAsk_EvenUnderAHighThreshold()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        await api.FundAsync(alice, 3);
        await alice.AllowSessionBelowAsync("1000");
        var key = Guid.NewGuid().ToString();

        await AssertProblemAsync(await alice.PostWithKeyAsync("/api/wallet/withdraw", key, new { to = Outside }),
            HttpStatusCode.Forbidden, "payment.confirmation_required");
        await AssertProblemAsync(await alice.Http.PostAsJsonAsync("/api/wallet/export", new { confirmAddress = (await alice.GetWalletAsync()).Address }, Ct),
            HttpStatusCode.Forbidden, "payment.confirmation_required");
        await AssertProblemAsync(await alice.PostWithKeyAsync("/api/governance/delegate", key, new { toUserId = bob.Id }),
            HttpStatusCode.Forbidden, "payment.confirmation_required");

        var exported = await alice.ExportAsync();
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await alice.DelegateAsync(bob.Id)).StatusCode);
        var withdrawn = await alice.WithdrawAsync(Outside, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Accepted, withdrawn.StatusCode);
        Assert.Equal("3", (await withdrawn.ReadTransferAsync()).Amount);
    }

    [Fact]
    public async Task Terms_TheActionWouldRefuse_AreRefusedBeforeTheCeremony_AndNoCeremonyIsStored()
    {
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        await api.FundAsync(alice, 2);
        await alice.PayerAsync();
        var theirs = await bob.CreateGroup("not alice's", carol);
        var chain = api.Chain();
        var contract = await DeployAnyContractAsync();
        var before = await CeremoniesOfAsync(alice.Id);

        async Task Refused(object terms, HttpStatusCode status, string code, string field)
        {
            var response = await alice.AskAsync(terms);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == status, $"{terms}: expected {status}, got {response.StatusCode}: {body}");
            using var problem = JsonDocument.Parse(body);
            Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{code} should name {field}: {body}");
        }

        string Key() => Guid.NewGuid().ToString();
        await Refused(new { kind = "WalletTransfer", to = Outside, amount = "-1", idempotencyKey = Key() }, HttpStatusCode.BadRequest, "wallet.invalid_amount", "amount");
        await Refused(new { kind = "WalletTransfer", to = Outside, amount = "NaN", idempotencyKey = Key() }, HttpStatusCode.BadRequest, "wallet.invalid_amount", "amount");
        await Refused(new { kind = "WalletTransfer", to = Outside, amount = "3", idempotencyKey = Key() }, HttpStatusCode.Conflict, "wallet.insufficient_balance", "amount");
        await Refused(new { kind = "Transfer", chatId = theirs.Id, toUserId = bob.Id, amount = "1", idempotencyKey = Key() }, HttpStatusCode.NotFound, "chat.not_found", "chatId");
        await Refused(new { kind = "WalletTransfer", to = "0x0000000000000000000000000000000000000000", amount = "1", idempotencyKey = Key() },
            HttpStatusCode.BadRequest, "wallet.recipient_zero_address", "to");
        await Refused(new { kind = "WalletTransfer", to = chain.Contracts.ChatCoin, amount = "1", idempotencyKey = Key() },
            HttpStatusCode.BadRequest, "wallet.recipient_service_contract", "to");
        await Refused(new { kind = "Withdraw", to = chain.Contracts.RedEnvelope, idempotencyKey = Key() },
            HttpStatusCode.BadRequest, "wallet.recipient_service_contract", "to");
        await Refused(new { kind = "WalletTransfer", to = contract, amount = "1", idempotencyKey = Key() },
            HttpStatusCode.BadRequest, "wallet.recipient_is_contract", "to");
        // EIP-7702: an account delegated to code runs that code when it receives a call; it counts as a contract recipient.
        var delegated = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        await chain.Web3.Client.SendRequestAsync<object>("anvil_setCode", null, delegated, "0xef0100" + contract[2..]);
        await Refused(new { kind = "WalletTransfer", to = delegated, amount = "1", idempotencyKey = Key() },
            HttpStatusCode.BadRequest, "wallet.recipient_is_contract", "to");
        await Refused(new { kind = "Delegate", toAddress = "0x1234", idempotencyKey = Key() }, HttpStatusCode.BadRequest, "wallet.invalid_address", "toAddress");
        Assert.Equal(before, await CeremoniesOfAsync(alice.Id));

        // The action itself says the same without a prompt; a contract the owner acknowledged is fine once confirmed.
        await AssertProblemAsync(await alice.PostWithKeyAsync("/api/wallet/transfers", Key(), new { to = chain.Contracts.Tipping, amount = "1" }),
            HttpStatusCode.BadRequest, "wallet.recipient_service_contract");
        var ackKey = Key();
        var acknowledged = await alice.ConfirmAsync(new { kind = "WalletTransfer", to = contract, amount = "1", idempotencyKey = ackKey, acknowledgeContractRecipient = true });
        // The acknowledgement is part of the terms: the same transfer without it is refused (before the confirmation is spent).
        await AssertProblemAsync(await alice.PostWithKeyAsync("/api/wallet/transfers", ackKey, new { to = contract, amount = "1", confirmation = acknowledged }),
            HttpStatusCode.BadRequest, "wallet.recipient_is_contract");
        Assert.Equal(HttpStatusCode.Accepted, (await alice.PostWithKeyAsync("/api/wallet/transfers", ackKey,
            new { to = contract, amount = "1", acknowledgeContractRecipient = true, confirmation = acknowledged })).StatusCode);
    }

    [Fact]
    public async Task ChatTransfer_ToAServiceContract_IsRefusedNamingToAddress()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        await api.FundAsync(alice, 2);
        await alice.PayerAsync();
        var chat = await alice.DirectChatWith(bob);

        var response = await alice.AskAsync(new { kind = "Transfer", chatId = chat.Id, toAddress = api.Chain().Contracts.RedEnvelope, amount = "1",
            idempotencyKey = Guid.NewGuid().ToString() });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "wallet.recipient_service_contract");
        await AssertProblemAsync(await alice.PostWithKeyAsync($"/api/chats/{chat.Id}/transfers", Guid.NewGuid().ToString(),
            new { toAddress = api.Chain().Contracts.RedEnvelope, amount = "1" }), HttpStatusCode.BadRequest, "wallet.recipient_service_contract");
    }

    [Fact]
    public async Task Confirmations_PastTwentyAMinute_Answer429WithRetryAfter()
    {
        var alice = await api.CreateUserAsync("alice");
        await alice.PayerAsync();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 21; i++) last = await alice.AskAsync(new { kind = "ExportKey" });

        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.NotNull(last.Headers.RetryAfter);
        await AssertProblemAsync(last, HttpStatusCode.TooManyRequests, "rate.limited");
        // Partitioned by user: bob is not slowed down by alice.
        var bob = await api.CreateUserAsync("bob");
        await bob.PayerAsync();
        Assert.Equal(HttpStatusCode.OK, (await bob.AskAsync(new { kind = "ExportKey" })).StatusCode);
    }

    [Fact]
    public async Task Devices_AddRenameRemove_AreConfirmed_AnnouncedToTheOtherDevice_AndTheLastOneStays()
    {
        var alice = await api.CreateUserAsync("alice");
        var laptop = await alice.PayerAsync();
        await using var otherDevice = await HubInbox.ConnectAsync(alice);

        // A stolen session cannot add its own authenticator.
        await AssertProblemAsync(await alice.Http.PostAsJsonAsync("/api/auth/passkeys/options", new { name = "Mallory's key" }, Ct),
            HttpStatusCode.Forbidden, "payment.confirmation_required");

        // With the laptop's assertion bound to the addition, the phone's passkey is added under the confirmed name.
        var addKey = Guid.NewGuid().ToString();
        var addition = await alice.ConfirmAsync(new { kind = "PasskeyAdd", name = "Phone", idempotencyKey = addKey });
        var optionsResponse = await alice.Http.PostAsJsonAsync("/api/auth/passkeys/options", new { name = "Phone", idempotencyKey = addKey, confirmation = addition }, Ct);
        Assert.Equal(HttpStatusCode.OK, optionsResponse.StatusCode);
        var options = await optionsResponse.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var phone = new SoftwareAuthenticator(laptop.Authenticator.Origin);
        var (created, phoneCredential) = phone.Create(options.GetProperty("options"));
        var added = await alice.Http.PostAsJsonAsync("/api/auth/passkeys", TestSignIn.Answer(options.GetProperty("ceremonyId").GetString()!, created), Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var phoneId = phoneCredential.IdText;
        Assert.Equal("Phone", (await otherDevice.WaitFor<DevicesChangedView>(d => d.Change == "added")).Passkey.Name);

        var listed = (await alice.Http.GetFromJsonAsync<PasskeyView[]>("/api/auth/passkeys", Ct))!;
        Assert.Equal(["Passkey 1", "Phone"], listed.Select(p => p.Name));

        // Rename: the session alone is refused; confirmed, it is renamed and announced.
        await AssertProblemAsync(await alice.Http.PatchAsJsonAsync($"/api/auth/passkeys/{phoneId}", new { name = "Old phone" }, Ct),
            HttpStatusCode.Forbidden, "payment.confirmation_required");
        var rename = await alice.ConfirmAsync(new { kind = "PasskeyRename", passkeyId = phoneId, name = "Old phone" });
        Assert.Equal(HttpStatusCode.OK, (await alice.Http.PatchAsJsonAsync($"/api/auth/passkeys/{phoneId}", new { name = "Old phone", confirmation = rename }, Ct)).StatusCode);
        Assert.Equal("Old phone", (await otherDevice.WaitFor<DevicesChangedView>(d => d.Change == "renamed")).Passkey.Name);

        // Remove the phone: refused unconfirmed, done confirmed; the removed passkey can no longer confirm anything.
        await AssertProblemAsync(await DeleteAsync(alice, phoneId, null), HttpStatusCode.Forbidden, "payment.confirmation_required");
        var removal = await alice.ConfirmAsync(new { kind = "PasskeyRemove", passkeyId = phoneId });
        Assert.Equal(HttpStatusCode.OK, (await DeleteAsync(alice, phoneId, removal)).StatusCode);
        Assert.Equal(phoneId, (await otherDevice.WaitFor<DevicesChangedView>(d => d.Change == "removed")).Passkey.Id);
        var asked = await alice.AskAsync(new { kind = "ExportKey" });
        var json = await asked.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var byRemoved = TestSignIn.Answer(json.GetProperty("ceremonyId").GetString()!, phone.Get(json.GetProperty("options"), phoneCredential));
        await AssertProblemAsync(await alice.Http.PostAsJsonAsync("/api/wallet/export", new { confirmation = byRemoved }, Ct),
            HttpStatusCode.Forbidden, "auth.passkey_unknown");

        // A second user's token cannot touch alice's devices: her passkey is not theirs to name (404, before any prompt).
        var mallory = await api.CreateUserAsync("mallory");
        await mallory.PayerAsync();
        await AssertProblemAsync(await mallory.AskAsync(new { kind = "PasskeyRemove", passkeyId = laptop.Credential.IdText }),
            HttpStatusCode.NotFound, "passkey.not_found");
        var mallorysOwn = await mallory.ConfirmAsync(new { kind = "ExportKey" });
        await AssertProblemAsync(await DeleteAsync(mallory, laptop.Credential.IdText, mallorysOwn), HttpStatusCode.NotFound, "passkey.not_found");

        // The last passkey stays: refused before any prompt.
        await AssertProblemAsync(await alice.AskAsync(new { kind = "PasskeyRemove", passkeyId = laptop.Credential.IdText }),
            HttpStatusCode.Conflict, "passkey.last");
        Assert.Single((await alice.Http.GetFromJsonAsync<PasskeyView[]>("/api/auth/passkeys", Ct))!);
    }

    [Fact]
    public async Task WalletAccount_WithoutAPasskey_ConfirmsWithAnEip712Signature_LowSOnly()
    {
        var key = EthECKey.GenerateKey();
        var (owner, http) = await WalletAccountAsync(key);
        await api.FundAsync(owner, 2);

        async Task<(string CeremonyId, string TypedData)> AskTypedAsync(object terms)
        {
            var response = await http.PostAsJsonAsync("/api/confirmations", terms, ChatApi.Json, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal("eip712", json.GetProperty("method").GetString());
            var typed = json.GetProperty("options");
            Assert.Equal("OpenChat.Chain", typed.GetProperty("domain").GetProperty("name").GetString());
            Assert.Equal(json.GetProperty("summary").GetString(), typed.GetProperty("message").GetProperty("terms").GetString());
            return (json.GetProperty("ceremonyId").GetString()!, typed.GetRawText());
        }

        // The session alone: refused.
        await AssertProblemAsync(await http.PostAsJsonAsync("/api/wallet/export", new { }, Ct), HttpStatusCode.Forbidden, "payment.confirmation_required");

        // Another key's signature, then the high-s twin of the owner's: refused (each spends its ceremony).
        var (first, firstTyped) = await AskTypedAsync(new { kind = "ExportKey" });
        var other = new Eip712TypedDataSigner().SignTypedDataV4(firstTyped, EthECKey.GenerateKey());
        await AssertProblemAsync(await http.PostAsJsonAsync("/api/wallet/export", new { confirmation = new { ceremonyId = first, signature = other } }, Ct),
            HttpStatusCode.Forbidden, "confirmation.not_your_key");
        var (second, secondTyped) = await AskTypedAsync(new { kind = "ExportKey" });
        var honest = new Eip712TypedDataSigner().SignTypedDataV4(secondTyped, key);
        await AssertProblemAsync(await http.PostAsJsonAsync("/api/wallet/export", new { confirmation = new { ceremonyId = second, signature = HighS(honest) } }, Ct),
            HttpStatusCode.Forbidden, "confirmation.signature_invalid");

        // The owner's own low-s signature over the same terms: the key comes out.
        var (third, thirdTyped) = await AskTypedAsync(new { kind = "ExportKey" });
        var exported = await http.PostAsJsonAsync("/api/wallet/export",
            new { confirmation = new { ceremonyId = third, signature = new Eip712TypedDataSigner().SignTypedDataV4(thirdTyped, key) } }, Ct);
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        // Replayed: the ceremony is spent.
        await AssertProblemAsync(await http.PostAsJsonAsync("/api/wallet/export",
            new { confirmation = new { ceremonyId = third, signature = new Eip712TypedDataSigner().SignTypedDataV4(thirdTyped, key) } }, Ct),
            HttpStatusCode.Forbidden, "auth.challenge_expired");

        // Adding a first passkey to a wallet account needs the key's signature bound to that addition.
        await AssertProblemAsync(await http.PostAsJsonAsync("/api/auth/passkeys/options", new { }, Ct), HttpStatusCode.Forbidden, "payment.confirmation_required");
        var addKey = Guid.NewGuid().ToString();
        var (add, addTyped) = await AskTypedAsync(new { kind = "PasskeyAdd", name = "Laptop", idempotencyKey = addKey });
        var options = await http.PostAsJsonAsync("/api/auth/passkeys/options", new { name = "Laptop", idempotencyKey = addKey,
            confirmation = new { ceremonyId = add, signature = new Eip712TypedDataSigner().SignTypedDataV4(addTyped, key) } }, Ct);
        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
    }

    Task<HttpResponseMessage> DeleteAsync(TestUser user, string passkeyId, JsonObject? confirmation) =>
        user.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/auth/passkeys/{passkeyId}")
        {
            Content = JsonContent.Create(new { confirmation }, options: ChatApi.Json),
        }, Ct);

    async Task<int> CeremoniesOfAsync(Guid userId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityDb>().Ceremonies.CountAsync(c => c.UserId == userId, Ct);
    }

    /// <summary>An account that signs in with its own Ethereum key (as SIWE makes them), signed in here through the test scheme.</summary>
    async Task<(TestUser User, HttpClient Http)> WalletAccountAsync(EthECKey key)
    {
        var address = key.GetPublicAddress();
        await using var scope = api.Services.CreateAsyncScope();
        var registered = await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new RegisterUser("eth_" + address[2..14].ToLowerInvariant(), "wallet", address.ToLowerInvariant()), Ct);
        var user = registered.Value!.User;
        var http = api.CreateClient();
        http.DefaultRequestHeaders.Add(TestAuthHandler.Header, user.Id.ToString());
        return (new TestUser(user.Id, user.Handle, http, api), http);
    }

    /// <summary>A contract that is not the service's: 10 bytes of runtime code that return 42.</summary>
    async Task<string> DeployAnyContractAsync()
    {
        var chain = api.Chain();
        var receipt = await chain.Web3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(
            "0x600a600c600039600a6000f3602a60005260206000f3", chain.SystemAccount, new HexBigInteger(100_000));
        Assert.Equal(1, (int)receipt.Status.Value);
        return receipt.ContractAddress;
    }

    /// <summary>EIP-2's malleable twin: (r, n − s, v flipped) recovers the same key.</summary>
    static string HighS(string signature)
    {
        var n = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", NumberStyles.HexNumber);
        var s = BigInteger.Parse("0" + signature[66..130], NumberStyles.HexNumber);
        var twin = (n - s).ToString("x64", CultureInfo.InvariantCulture);
        twin = twin.Length > 64 ? twin[^64..] : twin;
        var v = Convert.ToByte(signature[^2..], 16) == 27 ? "1c" : "1b";
        return signature[..66] + twin + v;
    }

    static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {status} {code}, got {(int)response.StatusCode}: {body}");
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
    }
}

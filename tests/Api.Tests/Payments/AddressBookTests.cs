using System.Net;
using System.Net.Http.Json;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Api.Tests.Wallet;
using OpenChat.Chain.Payments.AddressBook;

namespace OpenChat.Chain.Api.Tests.Payments;

/// <summary>GET /api/address-book names people and the service's contracts; /payees finds whom to pay by contact or @handle.</summary>
public sealed class AddressBookTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    const string Stranger = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"; // anvil's account 2: nobody here owns it

    [Fact]
    public async Task NameAddresses_NamesYouAPersonAndTheServiceContracts_AndLeavesOutStrangers()
    {
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var (aliceAddress, bobAddress) = ((await alice.GetWalletAsync()).Address, (await bob.GetWalletAsync()).Address);
        var contracts = api.Chain().Contracts;

        var names = await NamesAsync(alice, aliceAddress, bobAddress, contracts.RedEnvelope, contracts.Timelock,
            contracts.CircleAccess, Stranger);

        Assert.Equal(
            [(aliceAddress, AddressKind.You, "You", alice.Handle), (bobAddress, AddressKind.Person, "bob", bob.Handle),
             (contracts.RedEnvelope, AddressKind.Service, "Red envelopes", null), (contracts.Timelock, AddressKind.Service, "Treasury (timelock)", null),
             (contracts.CircleAccess, AddressKind.Service, "Circles", null)],
            names.Select(n => (n.Address, n.Kind, n.Name, n.Handle)));
    }

    [Fact]
    public async Task NameAddresses_NotAnAddress_Is400NamingTheField()
    {
        var alice = await api.CreateUserAsync("alice");
        var response = await alice.Http.GetAsync("/api/address-book?address=0x12&address=" + Stranger, Ct);
        var (status, code, body) = await ChatApi.Problem(response);
        Assert.Equal((400, "validation.failed"), (status, code));
        Assert.Contains("Addresses", body.GetProperty("errors").EnumerateObject().Select(p => p.Name).First(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ListPayees_FindsAContactByName_AndAnyoneByExactHandle_WithTheirWalletAddress()
    {
        // Wallet addresses need the chain: the first test of the class to run must not find it still deploying (503).
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);
        var (alice, bob, carol) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"), await api.CreateUserAsync("carol"));
        await alice.DirectChatWith(bob);

        var contacts = await alice.Http.GetFromJsonAsync<List<AddressName>>("/api/address-book/payees?query=", WalletApi.Json, Ct);
        var byName = await alice.Http.GetFromJsonAsync<List<AddressName>>("/api/address-book/payees?query=BO", WalletApi.Json, Ct);
        var byHandle = await alice.Http.GetFromJsonAsync<List<AddressName>>($"/api/address-book/payees?query=@{carol.Handle}", WalletApi.Json, Ct);

        var contact = Assert.Single(contacts!);
        Assert.Equal((bob.Id, bob.Handle, (await bob.GetWalletAsync()).Address), (contact.UserId, contact.Handle, contact.Address));
        Assert.Equal(bob.Id, Assert.Single(byName!).UserId);
        Assert.Equal((carol.Id, (await carol.GetWalletAsync()).Address), (Assert.Single(byHandle!).UserId, byHandle![0].Address));
    }

    static async Task<List<AddressName>> NamesAsync(TestUser user, params string[] addresses) =>
        (await user.Http.GetFromJsonAsync<List<AddressName>>(
            "/api/address-book?" + string.Join('&', addresses.Select(a => $"address={a}")), WalletApi.Json, Ct))!;
}

using System.Numerics;
using System.Text.Json;
using Microsoft.Playwright;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using OpenChat.Chain.Browser.Tests.Support;
using OpenChat.Chain.Wallet.Chain;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Wallet;

public sealed class WalletScreenTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task Wallet_ShowsTheChainBalance_AReceiveQr_AndASendThatTurnsConfirmed()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        await alice.Page.GetByRole(AriaRole.Link, new() { Name = "Wallet" }).ClickAsync();
        await Expect(alice.Page.GetByTestId("balance")).ToContainTextAsync("0");

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Receive" }).ClickAsync();
        var address = await alice.Page.GetByTestId("receive-address").TextContentAsync();
        await Expect(alice.Page.GetByTestId("receive-uri")).ToContainTextAsync($"address={address}");
        var qr = alice.Page.GetByTestId("receive-qr");
        await Expect(qr).ToBeVisibleAsync();
        await alice.Page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 100", await qr.ElementHandleAsync(),
            new() { Timeout = 15_000 });
        await alice.ScreenshotAsync("07-wallet-receive");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        // The treasury (the embedded chain's deployer) pays her 250 CHAT on chain; the page reads the chain.
        await FundAsync(address!, 250);
        await Expect(alice.Page.GetByTestId("balance")).ToContainTextAsync("250", new() { Timeout = 30_000 });

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await alice.Page.GetByLabel("To address").FillAsync("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
        await alice.Page.GetByLabel("Amount (CHAT)").FillAsync("12.5");
        await alice.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(alice.Page.Locator(".transfer-status")).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 60_000 });
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        await Expect(alice.Page.GetByTestId("balance")).ToContainTextAsync("237.5", new() { Timeout = 30_000 });
        var row = alice.Page.Locator(".history-item").First;
        await Expect(row).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 30_000 });
        await Expect(row).ToContainTextAsync("12.5 CHAT");
        await alice.ScreenshotAsync("06-wallet");
    }

    async Task FundAsync(string address, decimal coins)
    {
        using var http = new HttpClient { BaseAddress = new Uri(served.App.BaseUrl) };
        using var health = JsonDocument.Parse(await http.GetStringAsync("/health", TestContext.Current.CancellationToken));
        var chain = health.RootElement.GetProperty("checks").GetProperty("chain").GetProperty("data");
        var web3 = new Web3(new Account(EmbeddedAnvil.DevAccountKey, chain.GetProperty("chainId").GetInt64()),
            chain.GetProperty("rpcUrl").GetString());
        var coin = web3.Eth.ERC20.GetContractService(chain.GetProperty("contracts").GetProperty("ChatCoin").GetString());
        var units = new BigInteger(coins) * BigInteger.Pow(10, 18);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await coin.TransferRequestAndWaitForReceiptAsync(address, units, timeout.Token);
    }
}

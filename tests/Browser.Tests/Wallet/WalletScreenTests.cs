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
    // Anvil's standard test accounts 2 and 3: outside addresses nobody in the service owns.
    const string Friend = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    const string MetaMask = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

    [Fact]
    public async Task Wallet_ShowsTheChainBalance_AReceiveQr_ASendRetriedWithTheSameKey_AndAWithdrawal()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        var page = alice.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Wallet" }).ClickAsync();
        await Expect(page.GetByTestId("balance")).ToContainTextAsync("0");

        await page.GetByRole(AriaRole.Button, new() { Name = "Receive" }).ClickAsync();
        var address = await page.GetByTestId("receive-address").TextContentAsync();
        await Expect(page.GetByTestId("receive-uri")).ToContainTextAsync($"address={address}");
        var qr = page.GetByTestId("receive-qr");
        await Expect(qr).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 100", await qr.ElementHandleAsync(), new() { Timeout = 15_000 });
        await alice.ScreenshotAsync("07-wallet-receive");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        // The treasury (the embedded chain's deployer) pays her 250 CHAT on chain; the page reads the chain.
        await FundAsync(address!, 250);
        await Expect(page.GetByTestId("balance")).ToContainTextAsync("250", new() { Timeout = 30_000 });

        // Every send is confirmed with the passkey over the exact terms. The first answer is lost on the way back (the
        // server did take the payment): "Try again" confirms again under the same Idempotency-Key, and the server pays once.
        var keys = new List<string>();
        var answerLost = false;
        await page.RouteAsync("**/api/wallet/transfers", async route =>
        {
            keys.Add(route.Request.Headers["idempotency-key"]);
            if (answerLost)
            {
                await route.ContinueAsync();
                return;
            }
            answerLost = true;
            await route.FetchAsync();
            await route.AbortAsync();
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("To", new() { Exact = true }).FillAsync(Friend);
        await dialog.GetByLabel("Amount (CHAT)").FillAsync("12.5");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.GetByTestId("confirm-sheet")).ToBeVisibleAsync();
        await alice.ScreenshotAsync("06a-wallet-send-confirm");
        await alice.ConfirmPaymentAsync("Send from wallet", "12.5 CHAT", Friend.ToLowerInvariant());
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("Can't reach the server");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await alice.ConfirmPaymentAsync("12.5 CHAT");
        await Expect(page.Locator(".transfer-status")).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 60_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);

        await Expect(page.GetByTestId("balance")).ToContainTextAsync("237.5", new() { Timeout = 30_000 });
        // The history also lists coins from outside (the treasury's 250, found by the chain indexer): see ListHistory.
        var sent = page.Locator(".history-item.outgoing");
        await Expect(sent).ToHaveCountAsync(1);
        await Expect(sent).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 30_000 });
        await Expect(sent).ToContainTextAsync("12.5 CHAT");
        await Expect(page.Locator(".history-item.incoming")).ToContainTextAsync("250 CHAT", new() { Timeout = 30_000 });
        await alice.ScreenshotAsync("06-wallet");

        // Withdraw: behind a warning and a checkbox, everything goes to her own outside wallet.
        await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw…" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Note)).ToContainTextAsync("can't be undone");
        await dialog.GetByLabel("Your outside wallet address").FillAsync(MetaMask);
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Withdraw all" })).ToBeDisabledAsync();
        await dialog.GetByRole(AriaRole.Checkbox).CheckAsync();
        await alice.ScreenshotAsync("13-wallet-withdraw");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Withdraw all" }).ClickAsync();
        // Withdrawing everything always asks for the passkey.
        await alice.ConfirmPaymentAsync("Withdraw everything", "Everything in the wallet", MetaMask.ToLowerInvariant());
        await Expect(page.Locator(".transfer-status")).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 60_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("0 CHAT", new() { Timeout = 30_000 });
        await Expect(page.Locator(".history-item.outgoing")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task ExportKey_AsksForThePasskey_ThenShowsTheKeyHiddenUntilRevealed()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        var page = alice.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Wallet" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Export key…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Note)).ToContainTextAsync("Anyone who sees this key owns your coins");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Show my key" }).ClickAsync();
        await Expect(page.GetByTestId("confirm-sheet")).ToContainTextAsync("Export private key");
        await alice.ScreenshotAsync("14-wallet-export-confirm");
        await alice.ConfirmPaymentAsync("Export private key");
        var key = dialog.GetByTestId("private-key");
        await Expect(key).ToHaveTextAsync(new string('•', 32));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync();
        await Expect(key).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^0x[0-9a-f]{64}$"));
    }

    [Fact]
    public async Task Devices_ListRenameAndTheLastOneStays_EachChangeConfirmedWithThePasskey()
    {
        await using var alice = await Person.SignUpAsync(chromium.Browser, served.App, "Alice");
        var page = alice.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Wallet" }).ClickAsync();
        var devices = page.GetByTestId("device");
        await Expect(devices).ToHaveCountAsync(1);
        await Expect(devices).ToContainTextAsync("Passkey 1");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove Passkey 1" })).ToBeDisabledAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Rename Passkey 1" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Passkey name").FillAsync("Laptop");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Review" }).ClickAsync();
        await alice.ScreenshotAsync("15-devices-rename-confirm");
        await alice.ConfirmPaymentAsync("Rename a passkey", "Laptop");
        await Expect(devices).ToContainTextAsync("Laptop", new() { Timeout = 15_000 });
        await alice.ScreenshotAsync("16-devices");
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

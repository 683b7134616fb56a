using System.Text;
using Microsoft.Playwright;
using Nethereum.Signer;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Auth;

/// <summary>Sign-In with Ethereum through an injected EIP-1193 wallet whose key is held by the test.</summary>
public sealed class EthereumSignInTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task SignIn_WithAnInjectedWallet_SignsAnEip4361MessageForThisOrigin_AndOpensTheApp()
    {
        var key = EthECKey.GenerateKey();
        var address = key.GetPublicAddress();
        string? signed = null;
        await using var eve = await Person.OpenAsync(chromium.Browser, served.App, "Eve", beforeOpening: async page =>
        {
            // The wallet's personal_sign (EIP-191) happens here, in .NET; the page sees an ordinary window.ethereum.
            await page.ExposeFunctionAsync("__testWalletSign", (string hex) =>
            {
                signed = Encoding.UTF8.GetString(Convert.FromHexString(hex[2..]));
                return new EthereumMessageSigner().EncodeUTF8AndSign(signed, key);
            });
            // Wallets often share lower-case addresses: the page must checksum it (EIP-55) for the message.
            await page.AddInitScriptAsync($$"""
                window.ethereum = {
                  request: async ({ method, params }) => {
                    if (method === 'eth_requestAccounts') return ['{{address.ToLowerInvariant()}}'];
                    if (method === 'personal_sign') return await window.__testWalletSign(params[0]);
                    throw new Error('unsupported ' + method);
                  },
                };
                """);
        });

        await eve.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with your Ethereum wallet" }).ClickAsync();

        await Expect(eve.Page.GetByText($"@eth_{address[2..10].ToLowerInvariant()}")).ToBeVisibleAsync();
        Assert.StartsWith($"localhost:{served.App.Port} wants you to sign in with your Ethereum account:\n{address}\n", signed);
        Assert.Contains($"\nURI: {served.App.BaseUrl}\n", signed);
    }
}

using System.Collections.Concurrent;
using Microsoft.Playwright;
using OpenChat.Chain.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenChat.Chain.Browser.Tests.Reference;

/// <summary>
/// The API reference as a developer meets it in Chromium: /scalar renders the service's document, asks no other host for
/// anything (no web fonts, no telemetry), and shows none of the vendor's buttons.
/// </summary>
public sealed class ApiReferenceTests(Chromium chromium, ServedAppFixture served) : IClassFixture<ServedAppFixture>
{
    [Fact]
    public async Task TheReference_RendersTheDocument_LoadsOnlyFromTheService_AndShowsNoVendorButtons()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = served.App.BaseUrl });
        var page = await context.NewPageAsync();
        var elsewhere = new ConcurrentBag<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(served.App.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)
                && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
                elsewhere.Add(request.Url);
        };

        await page.GotoAsync("/scalar");
        // Rendered from /openapi/v1.json: the tags in the sidebar, the first group open with its operation's summary.
        var sidebar = page.GetByRole(AriaRole.Complementary);
        await Expect(sidebar.GetByRole(AriaRole.Link, new() { Name = "Chats", Exact = true })).ToBeVisibleAsync();
        await Expect(sidebar.GetByRole(AriaRole.Link, new() { Name = "Check the service's health" })).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(elsewhere);
        foreach (var vendor in new[] { "Deploy", "Ask AI", "Generate SDK" })
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = vendor })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathFor("45-api-reference") });
    }
}

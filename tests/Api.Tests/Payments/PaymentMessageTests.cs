using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Payments.Flow;
using OpenChat.Chain.Payments.Tips;

namespace OpenChat.Chain.Api.Tests.Payments;

/// <summary>A payment message's payload changes only over the version its writer read: no change is lost or written over.</summary>
public sealed class PaymentMessageTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChangePaymentMessage_ComputedFromAStalePayload_IsRefusedAndChangesNothing()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var message = await bob.Send((await alice.DirectChatWith(bob)).Id, "tip me");
        await using var scope = api.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        var first = await mediator.Send(new ChangePaymentMessage(message.Id, """{"tips":{"total":"1","by":[]}}""", new PayloadVersion(null)), Ct);
        var stale = await mediator.Send(new ChangePaymentMessage(message.Id, """{"tips":{"total":"2","by":[]}}""", new PayloadVersion(null)), Ct);

        Assert.Null(first.Error);
        Assert.Equal(MessagingErrors.PaymentChangedMeanwhile, stale.Error);
        Assert.Equal("""{"tips":{"total":"1","by":[]}}""", await mediator.Send(new GetPaymentPayload(message.Id), Ct));
    }

    [Fact]
    public async Task PaymentMessages_TwentyChangesAtOnce_KeepEveryOne()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var message = await bob.Send((await alice.DirectChatWith(bob)).Id, "tip me");
        var tips = Enumerable.Range(0, 20).Select(_ => new TipBy(Guid.NewGuid(), "1", Guid.NewGuid())).ToList();

        await Task.WhenAll(tips.Select(async tip =>
        {
            await using var scope = api.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PaymentMessages>().ChangeAsync<TippedPayload>(message.Id,
                p => p with { Tips = new TipTotals("0", [.. p.Tips?.By ?? [], tip]) }, Ct);
        }));

        await using var read = api.Services.CreateAsyncScope();
        var payload = PaymentMessages.Read<TippedPayload>(await read.ServiceProvider.GetRequiredService<IMediator>().Send(new GetPaymentPayload(message.Id), Ct));
        Assert.Equal(tips.Select(t => t.TransferId).Order(), payload!.Tips!.By.Select(t => t.TransferId).Order());
    }
}

using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OpenChat.Chain.Messaging.Users;

namespace OpenChat.Chain.Api.Tests.Users;

public sealed class WalletAccountIndexTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task RegisterUser_ConcurrentSignUps_EachGetADistinctWalletAccountIndex()
    {
        var signUps = Enumerable.Range(0, 20).Select(async i =>
        {
            await using var scope = api.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new RegisterUser($"idx_{i}_{Guid.NewGuid():N}"[..20], $"User {i}"), TestContext.Current.CancellationToken);
            return result.Value?.WalletAccountIndex ?? throw new InvalidOperationException(result.Error!.Code);
        });

        var indexes = await Task.WhenAll(signUps);

        Assert.Equal(indexes.Length, indexes.Distinct().Count());
        Assert.All(indexes, i => Assert.True(i >= 1, "index 0 is the service's own account"));
    }

    [Fact]
    public async Task RegisterUser_TakenHandle_IsAConflict_WhateverItsCase()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var handle = $"dup_{Guid.NewGuid():N}"[..16];

        await mediator.Send(new RegisterUser(handle, "First"), TestContext.Current.CancellationToken);
        var second = await mediator.Send(new RegisterUser(handle.ToUpperInvariant(), "Second"), TestContext.Current.CancellationToken);

        Assert.Equal("user.handle_taken", second.Error?.Code);
    }
}

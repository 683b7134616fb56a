using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpenChat.Chain.Wallet.Chain;

/// <summary>How often a duty's lease is renewed, when it expires, and this instance's name in the lease rows.</summary>
public sealed class LeaseOptions
{
    public const string Section = "Leases";

    public int RenewMilliseconds { get; set; } = 2_000;

    public int ExpiryMilliseconds { get; set; } = 6_000;

    /// <summary>By default the host name, the process id and a random suffix: a restarted process is a new holder.</summary>
    public string? InstanceId { get; set; }
}

/// <summary>
/// Exactly one runner for each background duty across the instances sharing one database: a duty runs only while this
/// instance holds its <see cref="DutyLease"/> row. Every change of hands is one conditional write (the row is ours, or it
/// has expired), made atomic by SQLite's write lock and by PostgreSQL's row lock alike, so the SQL stays provider-neutral.
/// The holder's clock decides expiry: instances on different machines need clocks closer than <see cref="Margin"/>.
/// </summary>
public sealed class DutyLeases(IServiceScopeFactory scopes, IOptions<LeaseOptions> options, TimeProvider clock)
{
    public string InstanceId { get; } = options.Value.InstanceId is { Length: > 0 } id ? id
        : $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    public TimeSpan RenewEvery => TimeSpan.FromMilliseconds(options.Value.RenewMilliseconds);

    public TimeSpan Expiry => TimeSpan.FromMilliseconds(options.Value.ExpiryMilliseconds);

    /// <summary>
    /// A holder stops working this long before its lease expires: time for the pass in flight to see it, and for a little
    /// clock difference between machines. A write that must not outlive the lease is also fenced (<see cref="FenceAsync"/>).
    /// </summary>
    public TimeSpan Margin => Expiry / 6;

    /// <summary>Takes the duty if it is free or expired, or renews it if this instance holds it: true when held for <see cref="Expiry"/>.</summary>
    public Task<bool> HoldAsync(string duty, CancellationToken ct) => HoldAsync(duty, Expiry, ct);

    /// <summary>
    /// As <see cref="HoldAsync(string, CancellationToken)"/>, for <paramref name="expiry"/>: for one-off work that is not
    /// renewed as it goes (first-start set-up) and gives the lease back when done.
    /// </summary>
    public async Task<bool> HoldAsync(string duty, TimeSpan expiry, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WalletDb>();
        var me = InstanceId;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)expiry.TotalMilliseconds;
        if (await db.DutyLeases.Where(l => l.Duty == duty && (l.Holder == me || l.ExpiresAt <= now))
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, me).SetProperty(l => l.ExpiresAt, until), ct) == 1)
            return true;
        // No row yet: the first insert wins, the others find it taken (ON CONFLICT: SQLite ≥ 3.24 and PostgreSQL alike).
        return await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "DutyLeases" ("Duty", "Holder", "ExpiresAt") VALUES ({duty}, {me}, {until}) ON CONFLICT ("Duty") DO NOTHING""", ct) == 1;
    }

    /// <summary>The duty's holder as stored (maybe expired), for the logs.</summary>
    public async Task<string?> HolderAsync(string duty, CancellationToken ct) => (await LeaseAsync(duty, ct))?.Holder;

    /// <summary>The duty's row as stored (maybe expired), or null if no instance ever held it.</summary>
    public async Task<DutyLease?> LeaseAsync(string duty, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WalletDb>();
        return await db.DutyLeases.AsNoTracking().FirstOrDefaultAsync(l => l.Duty == duty, ct);
    }

    /// <summary>
    /// How long a standby waits before asking again: until just after <paramref name="lease"/> expires, but no longer than
    /// <see cref="RenewEvery"/>. A holder killed just after renewing is replaced about <see cref="Expiry"/> later, not a
    /// poll after that.
    /// </summary>
    public TimeSpan UntilExpiry(DutyLease? lease)
    {
        if (lease is null) return RenewEvery;
        var left = TimeSpan.FromMilliseconds(lease.ExpiresAt - clock.GetUtcNow().ToUnixTimeMilliseconds()) + TimeSpan.FromMilliseconds(20);
        return left < TimeSpan.FromMilliseconds(20) ? TimeSpan.FromMilliseconds(20) : left > RenewEvery ? RenewEvery : left;
    }

    /// <summary>Gives the duty up at once (on shutdown, or one-off work done), so another instance need not wait for the expiry.</summary>
    public async Task ReleaseAsync(string duty, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WalletDb>();
        var me = InstanceId;
        await db.DutyLeases.Where(l => l.Duty == duty && l.Holder == me).ExecuteUpdateAsync(set => set.SetProperty(l => l.ExpiresAt, 0L), ct);
    }

    /// <summary>
    /// Call first inside the transaction of a write that must never come from two holders (relayer nonces handed out):
    /// false once the lease has expired or changed hands. It writes the lease row, so it holds SQLite's write lock or
    /// PostgreSQL's row lock until the commit: a taker waits for the commit, then reads what it stored.
    /// </summary>
    public async Task<bool> FenceAsync(WalletDb db, string duty, CancellationToken ct)
    {
        var me = InstanceId;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await db.DutyLeases.Where(l => l.Duty == duty && l.Holder == me && l.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, me), ct) == 1;
    }
}

/// <summary>A fenced write found that this instance no longer holds the duty: the pass stops, nothing of it is stored.</summary>
public sealed class LeaseLostException(string duty) : Exception($"The lease on duty {duty} is no longer held by this instance")
{
    public string Duty { get; } = duty;
}

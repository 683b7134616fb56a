using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Media;
using OpenChat.Chain.Messaging.Messages;
using OpenChat.Chain.Messaging.Sync;
using OpenChat.Chain.Messaging.Users;

namespace OpenChat.Chain.Messaging;

/// <summary>The Messaging context's tables. Nothing here is SQLite-specific; full-text search sits behind IMessageSearch.</summary>
/// <remarks>
/// Pooled (MessagingModule): a context is reused across requests, so it keeps no per-request state, and its
/// constructor takes only the options.
/// </remarks>
public sealed class MessagingDb(DbContextOptions<MessagingDb> options) : DbContext(options)
{
    // The host's member cache, found once per pooled instance (the same singleton for every lease); none when the
    // context was built without a host (design time).
    MemberCache? _members;
    bool _membersLooked;

    MemberCache? HostMemberCache
    {
        get
        {
            if (_membersLooked) return _members;
            _members = options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<MemberCache>();
            _membersLooked = true;
            return _members;
        }
    }

    public const string MigrationsTable = "__EFMigrationsHistory_Messaging";

    public DbSet<User> Users => Set<User>();
    public DbSet<Chat> Chats => Set<Chat>();
    public DbSet<ChatMember> Members => Set<ChatMember>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Reaction> Reactions => Set<Reaction>();
    public DbSet<ChatUpdate> Updates => Set<ChatUpdate>();
    public DbSet<MediaBlob> MediaBlobs => Set<MediaBlob>();
    public DbSet<MediaUpload> MediaUploads => Set<MediaUpload>();
    public DbSet<Circles.CircleRule> CircleRules => Set<Circles.CircleRule>();
    public DbSet<Receipts.ReceiptMark> ReceiptMarks => Set<Receipts.ReceiptMark>();
    public DbSet<Keys.KeyPackage> KeyPackages => Set<Keys.KeyPackage>();

    public Task<ChatMember?> ActiveMembership(Guid chatId, Guid userId, CancellationToken ct) =>
        Members.FirstOrDefaultAsync(m => m.ChatId == chatId && m.UserId == userId && m.Status == MembershipStatus.Active, ct);

    /// <summary>
    /// A group the user may manage (owner or admin): a chat they are not in reads as absent, a direct chat is not a
    /// group, and a plain member is not allowed.
    /// </summary>
    public async Task<Result<(Chat Chat, ChatMember Me)>> ManagedGroup(Guid chatId, Guid userId, CancellationToken ct)
    {
        var me = await ActiveMembership(chatId, userId, ct);
        if (me is null) return MessagingErrors.ChatNotFound;
        var chat = await Chats.FirstAsync(c => c.Id == chatId, ct);
        if (chat.Kind != ChatKind.Group) return MessagingErrors.NotAGroup;
        if (!me.CanManageMembers) return MessagingErrors.NotAllowed;
        return (chat, me);
    }

    /// <summary>
    /// A group the caller manages and whose members can still grow (invites, invite links): a private group's members
    /// are fixed at creation (issue 18), since its devices' keys are agreed when it is made.
    /// </summary>
    public async Task<Result<(Chat Chat, ChatMember Me)>> GrowableGroup(Guid chatId, Guid userId, CancellationToken ct)
    {
        var group = await ManagedGroup(chatId, userId, ct);
        if (group.Error is null && group.Value.Chat.IsPrivate) return MessagingErrors.PrivateMembersFixed;
        return group;
    }

    public Task<List<Guid>> ActiveMemberIds(Guid chatId, CancellationToken ct) =>
        Members.Where(m => m.ChatId == chatId && m.Status == MembershipStatus.Active).Select(m => m.UserId).ToListAsync(ct);

    /// <summary>
    /// Every save runs inside the Messaging writer (<see cref="UpdateLog.Write{T}(Func{CancellationToken, Task{T}}, CancellationToken)"/>),
    /// so update ids commit in order and SQLite never makes two writers wait on each other; a save anywhere else is a bug.
    /// Every saved change of a membership's status or role reaches the member cache, committed or not.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken ct = default)
    {
        if (!UpdateLog.IsWriting && ChangeTracker.HasChanges())
            throw new InvalidOperationException("Messaging saves go through UpdateLog.Write (the single writer); this one did not.");
        var members = HostMemberCache;
        var changing = members is null ? null : MemberCache.Changing(ChangeTracker);
        if (changing is null) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
        members!.Saving(changing);
        if (Database.CurrentTransaction is { } transaction)
        {
            // Committed later by the caller: the chats stay uncached until that transaction ends.
            MembershipTransactions.Instance.Defer(transaction.GetDbTransaction(), members, changing);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
        }
        int saved;
        try
        {
            saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
        }
        finally
        {
            members.Committed(changing);
        }
        await members.Announce(changing);
        return saved;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.ApplyConfiguration(new UserConfiguration());
        model.ApplyConfiguration(new ChatConfiguration());
        model.ApplyConfiguration(new ChatMemberConfiguration());
        model.ApplyConfiguration(new MessageConfiguration());
        model.ApplyConfiguration(new Keys.KeyPackageConfiguration());
        model.ApplyConfiguration(new AttachmentConfiguration());
        model.ApplyConfiguration(new ReactionConfiguration());
        model.ApplyConfiguration(new ChatUpdateConfiguration());
        model.ApplyConfiguration(new MediaBlobConfiguration());
        model.ApplyConfiguration(new MediaUploadConfiguration());
        model.ApplyConfiguration(new Circles.CircleRuleConfiguration());
        model.ApplyConfiguration(new Receipts.ReceiptMarkConfiguration());
    }
}

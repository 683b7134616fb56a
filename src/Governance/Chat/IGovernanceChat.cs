namespace OpenChat.Chain.Governance.Chat;

/// <summary>
/// The governance chat as Governance needs it: Governance never sees Messaging, so the host implements this port over
/// Messaging's use cases (scoped, like them).
/// </summary>
public interface IGovernanceChat
{
    /// <summary>Finds the account with this handle and its group with this title, creating either if missing.</summary>
    Task<(Guid UserId, Guid ChatId, int AccountIndex)> FindOrCreateAsync(string handle, string groupTitle, CancellationToken ct);

    /// <summary>Posts a proposal message once (the id makes a retry a no-op); null when the chat refused it.</summary>
    Task<Guid?> PostProposalAsync(Guid chatId, Guid senderId, Guid clientMessageId, string title, string payload, CancellationToken ct);

    /// <summary>Replaces a proposal message's payload (its live state and tally).</summary>
    Task ChangeProposalAsync(Guid messageId, string payload, CancellationToken ct);
}

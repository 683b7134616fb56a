using System.Text.Json;
using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Payments.Flow;

/// <summary>
/// Posts payment messages and changes their typed payloads. A change reads the payload, applies the kind's change to
/// its record and writes it back only if nobody changed it in between (the payload read is the version the write
/// expects); a stale write is read again and retried, never written over another.
/// </summary>
public sealed class PaymentMessages(IMediator mediator)
{
    const int Attempts = 5;

    // The version check runs in Messaging before its single writer commits; within this process, changes to one message
    // also take turns here, so two writers of this service never pass the check together (striped: 64 locks, not one per message).
    static readonly SemaphoreSlim[] Turns = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public Task<Result<MessageView>> PostAsync<T>(PaymentLink link, MessageKind kind, string? text, T payload, Guid? replyTo, CancellationToken ct)
        where T : MessagePayload =>
        mediator.Send(new PostPaymentMessage(link.ChatId, link.UserId, link.ClientMessageId, kind, text, Serialize(payload), replyTo), ct).AsTask();

    /// <summary>Applies <paramref name="change"/> to message <paramref name="messageId"/>'s payload (a new record when it has none).</summary>
    public async Task ChangeAsync<T>(Guid? messageId, Func<T, T> change, CancellationToken ct) where T : MessagePayload, new()
    {
        if (messageId is not { } id) return;
        var turn = Turns[(id.GetHashCode() & int.MaxValue) % Turns.Length];
        await turn.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var current = await mediator.Send(new GetPaymentPayload(id), ct);
                // An end-to-end encrypted message (a private chat's): its payload is ciphertext, not this service's JSON, and
                // stays as its sender sealed it; a tip on it shows as the tip's own message (ChangePaymentMessage refuses too).
                if (current is not null && !current.StartsWith('{')) return;
                var payload = current is null ? new T() : JsonSerializer.Deserialize<T>(current, MessagePayload.Json) ?? new T();
                var changed = await mediator.Send(new ChangePaymentMessage(id, Serialize(change(payload)), new PayloadVersion(current)), ct);
                if (changed.Error != MessagingErrors.PaymentChangedMeanwhile) return;
                if (attempt == Attempts) throw new InvalidOperationException($"payment message {id} kept changing under {Attempts} attempts");
            }
        }
        finally
        {
            turn.Release();
        }
    }

    public static T? Read<T>(string? payload) where T : MessagePayload =>
        payload is null ? null : JsonSerializer.Deserialize<T>(payload, MessagePayload.Json);

    static string Serialize<T>(T payload) where T : MessagePayload => JsonSerializer.Serialize(payload, MessagePayload.Json);
}

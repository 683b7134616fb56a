using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Messaging.Sync;

/// <summary>
/// One change as devices receive it, live or when catching up: the same shape both ways, numbered by
/// <see cref="Id"/> so a device resumes from the last number it saw.
/// </summary>
public sealed record ChatUpdateView(long Id, Guid ChatId, string Kind, DateTimeOffset At,
    MessageView? Message = null, MemberView? Member = null, ChatView? Chat = null, ChatSettingsView? Settings = null)
{
    public static ChatUpdateView ForMessage(ChatUpdate update, MessageView message) =>
        new(update.Id, update.ChatId, update.Kind.ToString(), update.At, Message: message);

    public static ChatUpdateView ForMember(ChatUpdate update, MemberView member) =>
        new(update.Id, update.ChatId, update.Kind.ToString(), update.At, Member: member);

    public static ChatUpdateView ForSettings(ChatUpdate update, ChatSettingsView settings) =>
        new(update.Id, update.ChatId, update.Kind.ToString(), update.At, Settings: settings);

    public static ChatUpdateView ForChat(ChatUpdate update, ChatView chat) =>
        new(update.Id, update.ChatId, update.Kind.ToString(), update.At, Chat: chat);
}

namespace OpenChat.Chain.Kernel;

/// <summary>How an expected failure maps to HTTP: the host turns the kind into a status code.</summary>
public enum ErrorKind { Invalid, NotFound, Forbidden, Conflict, Unavailable, TooManyRequests }

/// <summary>An expected failure with a stable dotted code (e.g. <c>chat.not_member</c>).</summary>
public sealed record Error(string Code, ErrorKind Kind, string? Detail = null)
{
    /// <summary>The same error with a detail for this occurrence.</summary>
    public Error With(string detail) => this with { Detail = detail };
}

namespace OpenChat.Chain.Kernel;

/// <summary>A use case's outcome: a value, or an expected <see cref="Kernel.Error"/>.</summary>
public readonly record struct Result<T> : IHasError
{
    public T? Value { get; }
    public Error? Error { get; }

    Result(T? value, Error? error) => (Value, Error) = (value, error);

    public bool IsSuccess => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    /// <summary>A success; for interface-typed values, which C# cannot convert implicitly.</summary>
    public static Result<T> Of(T value) => new(value, null);
    public static implicit operator Result<T>(Error error) => new(default, error);
}

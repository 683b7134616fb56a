namespace OpenChat.Chain.Kernel;

/// <summary>Lets cross-cutting code (logging) read a result's error without knowing its value type.</summary>
public interface IHasError
{
    Error? Error { get; }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OpenChat.Chain.Api.Tests.Support;

/// <summary>
/// What the host logged, so a test can wait for the event that proves a background loop ran (a broadcaster pass that
/// met an outage, say) instead of sleeping and hoping it did.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    readonly ConcurrentQueue<Entry> _entries = new();
    readonly SemaphoreSlim _arrived = new(0);

    public sealed record Entry(long Sequence, string Category, LogLevel Level, string Message);

    long _sequence;

    /// <summary>How many entries have been logged so far: pass it to <see cref="WaitForAsync"/> to see only later ones.</summary>
    public long Count => Interlocked.Read(ref _sequence);

    /// <summary>Everything logged so far, for asserting what a host did not log once a later event has come.</summary>
    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>Waits for <paramref name="howMany"/> entries after <paramref name="after"/> whose category ends with the
    /// given class name and whose message contains <paramref name="text"/>.</summary>
    public async Task WaitForAsync(long after, string categoryClass, string text, int howMany = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var seen = _entries.Count(e => e.Sequence > after && e.Category.EndsWith("." + categoryClass, StringComparison.Ordinal)
                && e.Message.Contains(text, StringComparison.Ordinal));
            if (seen >= howMany) return;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                throw new TimeoutException($"{seen} of {howMany} log entries from {categoryClass} containing \"{text}\"");
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    void Add(string category, LogLevel level, string message)
    {
        _entries.Enqueue(new Entry(Interlocked.Increment(ref _sequence), category, level, message));
        _arrived.Release();
    }

    sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) capture.Add(category, logLevel, formatter(state, exception));
        }
    }
}

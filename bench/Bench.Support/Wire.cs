namespace OpenChat.Chain.Bench.Support;

// The service's JSON, only as far as the benches read it (System.Text.Json skips the rest).
public sealed record NonceReply(string Nonce);
public sealed record SessionReply(string Token, UserReply User);
public sealed record UserReply(Guid Id);

/// <summary>A signed-in user of one target: the bearer token for REST and the hub; the wallet key it signed in with (SIWE).</summary>
public sealed record BenchUser(Guid Id, string Token, Nethereum.Signer.EthECKey? Key = null);

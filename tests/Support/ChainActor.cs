using System.Numerics;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Tests.Support;

/// <summary>A named account that sends real transactions to the test chain and reads contract state.</summary>
public sealed class ChainActor(string name, EthECKey key, AnvilFixture chain)
{
    public string Name { get; } = name;
    public EthECKey Key { get; } = key;
    public string Address { get; } = key.GetPublicAddress();

    /// <summary>Sends a contract call from this account and waits for its receipt; throws if it reverted.</summary>
    public async Task<TransactionReceipt> SendAsync(string contract, ContractArtifact artifact, string function, params object[] args)
    {
        var web3 = chain.Web3For(Key);
        var data = web3.Eth.GetContract(artifact.Abi, contract).GetFunction(function).GetData(args);
        var sender = new PipelinedSender(web3, Address);
        var gas = await sender.EstimateGasAsync(contract, data);
        var hash = await sender.SendAsync(contract, data, gas, CancellationToken.None);
        var receipt = await PipelinedSender.WaitForReceiptAsync(web3, hash, TimeSpan.FromSeconds(30), CancellationToken.None);
        if (receipt.Status.Value != 1)
            throw new InvalidOperationException($"{Name}: {function} reverted in {hash} (gas used {receipt.GasUsed.Value} of {gas})");
        return receipt;
    }

    public Task<T> CallAsync<T>(string contract, ContractArtifact artifact, string function, params object[] args) =>
        chain.Web3For(Key).Eth.GetContract(artifact.Abi, contract).GetFunction(function).CallAsync<T>(args);

    public Task<BigInteger> CoinBalanceAsync() =>
        CallAsync<BigInteger>(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "balanceOf", Address);

    /// <summary>Decodes the events of one type that a receipt carries.</summary>
    public static List<EventLog<TEvent>> Events<TEvent>(TransactionReceipt receipt) where TEvent : new() =>
        receipt.DecodeAllEvents<TEvent>();

    public override string ToString() => $"{Name} ({Address})";
}

public static class ChainActorVotes
{
    /// <summary>ERC20Votes counts only delegated balances: holders delegate to themselves to vote.</summary>
    public static Task DelegateToSelfAsync(this ChainActor actor, AnvilFixture chain) =>
        actor.SendAsync(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "delegate", actor.Address);
}

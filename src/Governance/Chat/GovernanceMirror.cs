using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mediator;
using OpenChat.Chain.Governance.Proposals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Indexer;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Governance.Governor;
using OpenChat.Chain.Wallet.Votes;

namespace OpenChat.Chain.Governance.Chat;

/// <summary>
/// Follows the governor into the Governance mirror and the governance chat: each proposal the indexer has seen gets a
/// message whose payload shows its live state, tally, quorum progress and deadline; open proposals are read again every
/// pass (so a vote, a state change or a reorg shows within a second or two); succeeded proposals are queued and due ones
/// executed by the keeper account.
/// </summary>
public sealed partial class GovernanceMirror(IServiceScopeFactory scopes, ChainStatus chain, DutyLeases leases, GovernanceSpace space,
    ILogger<GovernanceMirror> logger)
    : ChainLoop(chain, leases, logger)
{
    static readonly string[] Events = ["ProposalCreated", "VoteCast", "ProposalQueued", "ProposalExecuted", "ProposalCanceled"];
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    // Every instance finds the governance account and group; instances started together on a fresh database must not each
    // create them, so one at a time does (the lease is given back at once, and expires by itself after a crash).
    const string SpaceDuty = "GovernanceSpace";
    static readonly TimeSpan SpaceLease = TimeSpan.FromSeconds(30);

    protected override async Task<bool> ConnectedAsync(ChainConnection connection, CancellationToken ct)
    {
        while (!await Leases.HoldAsync(SpaceDuty, SpaceLease, ct)) await Task.Delay(Leases.RenewEvery, ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await space.EnsureAsync(scope.ServiceProvider.GetRequiredService<IGovernanceChat>(), ct);
        }
        finally
        {
            await Leases.ReleaseAsync(SpaceDuty, CancellationToken.None);
        }
        return true;
    }

    // A bug in one pass must not stop the mirror: the next pass starts over from the indexed events.
    protected override bool ContinuesAfterFailure => true;

    protected override async Task<bool> PassAsync(ChainConnection connection, CancellationToken ct)
    {
        await MirrorAllAsync(connection, ct);
        return false;
    }

    async Task MirrorAllAsync(ChainConnection connection, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var chat = scope.ServiceProvider.GetRequiredService<IGovernanceChat>();
        var (systemUser, chatId, keeper) = await space.WhenReady(ct);
        var events = await mediator.Send(new ListContractEvents(nameof(ChainContracts.Governor), Events), ct);
        var known = (await mediator.Send(new ListProposals(200), ct)).ToDictionary(p => p.ProposalId);
        // Each event's arguments are parsed once per pass.
        var votes = events.Where(e => e.EventName == "VoteCast").Select(e => (Event: e, Args: JsonNode.Parse(e.ArgsJson)!))
            .GroupBy(v => v.Args["proposalId"]!.ToString()).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var created in events.Where(e => e.EventName == "ProposalCreated"))
        {
            try
            {
                await MirrorAsync(mediator, chat, connection, created, votes, known, systemUser, chatId, keeper, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException && !ChainReads.IsOutage(e))
            {
                LogProposalFailed(logger, created.TxHash, e); // one proposal's trouble does not hold the others
            }
        }
    }

    async Task MirrorAsync(IMediator mediator, IGovernanceChat chat, ChainConnection connection, IndexedEvent created,
        Dictionary<string, List<(IndexedEvent Event, JsonNode Args)>> votes, Dictionary<string, ProposalView> known, Guid systemUser, Guid chatId,
        int keeper, CancellationToken ct)
    {
        var args = JsonNode.Parse(created.ArgsJson)!;
        var id = args["proposalId"]!.GetValue<string>();
        var castVotes = votes.GetValueOrDefault(id) ?? [];
        if (known.TryGetValue(id, out var mirrored) && mirrored.MessageId is not null && IsFinal(mirrored.State)) return;

        var status = await connection.StatusAsync(BigInteger.Parse(id, CultureInfo.InvariantCulture), ct);
        if (status is null) return; // the indexer is ahead of a reorg the node has just made; next pass
        var actions = new JsonObject { ["targets"] = args["targets"]?.DeepClone(), ["values"] = args["values"]?.DeepClone(), ["calldatas"] = args["calldatas"]?.DeepClone() };
        var description = args["description"]?.GetValue<string>() ?? "";
        var proposal = new Proposal(id, connection.ChainId, args["proposer"]!.GetValue<string>(), TemplateOf(args), TitleOf(description),
            description, actions.ToJsonString(), created.BlockNumber, created.TxHash);
        var snapshot = new ProposalSnapshot(status.State.ToString(), status.For.ToString(), status.Against.ToString(), status.Abstain.ToString(),
            status.Quorum.ToString(), status.Snapshot, status.Deadline, status.Eta);
        var ballots = castVotes.Select(v => new ProposalVote(id, Arg(v.Args, "voter"),
            ((VoteSupport)int.Parse(Arg(v.Args, "support"), CultureInfo.InvariantCulture)).ToString(), Arg(v.Args, "weight"), Arg(v.Args, "reason"),
            v.Event.TxHash, v.Event.BlockNumber)).ToList();
        var changed = await mediator.Send(new MirrorProposal(proposal, snapshot, ballots), ct);
        var view = changed ?? (await mediator.Send(new GetProposal(id), ct)).Value!;

        if (view.MessageId is null)
        {
            if (await chat.PostProposalAsync(chatId, systemUser, MessageIdOf(id), view.Title, PayloadOf(view), ct) is { } messageId)
                await mediator.Send(new ShowProposalInChat(id, messageId), ct);
        }
        else if (changed is not null)
        {
            await chat.ChangeProposalAsync(view.MessageId.Value, PayloadOf(view), ct);
        }

        await AdvanceAsync(mediator, connection, keeper, status, view.ProposalId, args, ct);
    }

    /// <summary>The keeper queues what succeeded and executes what is due: anyone may, so the service does.</summary>
    async Task AdvanceAsync(IMediator mediator, ChainConnection connection, int keeper, ProposalStatus status, string proposalId, JsonNode created,
        CancellationToken ct)
    {
        ProposalStep? step = status.State switch
        {
            ProposalState.Succeeded => ProposalStep.Queue,
            ProposalState.Queued when await connection.ChainTimeAsync(ct) >= status.Eta => ProposalStep.Execute,
            _ => null,
        };
        if (step is not { } due) return;
        var sent = await mediator.Send(new AdvanceProposal(keeper, due, ActionsOf(created)), ct);
        if (sent.Value is { Created: true }) LogAdvancing(logger, proposalId, due);
    }

    /// <summary>The proposal's actions as proposed (for queue and execute, which hash them again).</summary>
    public static async Task<ProposalActions> ActionsAsync(IMediator mediator, string proposalId, CancellationToken ct)
    {
        var events = await mediator.Send(new ListContractEvents(nameof(ChainContracts.Governor), ["ProposalCreated"]), ct);
        return ActionsOf(events.Select(e => JsonNode.Parse(e.ArgsJson)!).First(a => a["proposalId"]!.GetValue<string>() == proposalId));
    }

    /// <summary>The actions and description of a ProposalCreated event's arguments.</summary>
    static ProposalActions ActionsOf(JsonNode args) =>
        new(
            args["targets"]!.AsArray().Select(t => t!.GetValue<string>()).ToList(),
            args["values"]!.AsArray().Select(v => BigInteger.Parse(v!.GetValue<string>(), CultureInfo.InvariantCulture)).ToList(),
            args["calldatas"]!.AsArray().Select(c => c!.GetValue<string>()).ToList(),
            args["description"]!.GetValue<string>());

    public static string PayloadOf(ProposalView view) => JsonSerializer.Serialize(new
    {
        proposalId = view.ProposalId, template = view.Template, state = view.State, @for = view.For, against = view.Against, abstain = view.Abstain,
        quorum = view.Quorum, quorumProgress = view.QuorumProgress, voteStart = view.VoteStart, voteEnd = view.VoteEnd, eta = view.Eta,
        voters = view.Votes.Count,
    }, Json);

    static bool IsFinal(string state) => state is "Canceled" or "Defeated" or "Expired" or "Executed";

    static string Arg(JsonNode args, string name) => args[name]?.ToString() ?? "";

    static Guid MessageIdOf(string proposalId) => new(SHA256.HashData(Encoding.UTF8.GetBytes($"proposal:{proposalId}")).AsSpan(0, 16));

    static string TitleOf(string description)
    {
        var first = description.Split('\n', 2)[0].TrimStart('#', ' ').Trim();
        return first.Length > 200 ? first[..200] : first;
    }

    // The template follows from what the first action calls; the chain keeps no template name.
    static string TemplateOf(JsonNode args)
    {
        var calldata = args["calldatas"]?.AsArray().FirstOrDefault()?.GetValue<string>() ?? "0x";
        return calldata.Length < 10 ? "text" : calldata[..10] switch
        {
            "0x40c10f19" => "mint",
            _ when calldata.StartsWith(Selector("setMaxShares(uint32)"), StringComparison.OrdinalIgnoreCase) => "envelope-max-shares",
            _ when calldata.StartsWith(Selector("setMinShare(uint96)"), StringComparison.OrdinalIgnoreCase) => "envelope-min-share",
            _ when calldata.StartsWith(Selector("approveRelease(bytes20,bytes32)"), StringComparison.OrdinalIgnoreCase) => "release",
            _ => "custom",
        };
    }

    static string Selector(string signature) => "0x" + Convert.ToHexStringLower(Nethereum.Util.Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes(signature))[..4]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Proposal {ProposalId}: the keeper sends {Step}")]
    static partial void LogAdvancing(ILogger logger, string proposalId, ProposalStep step);

    [LoggerMessage(Level = LogLevel.Error, Message = "Governance mirror: proposal created in tx {TxHash} could not be mirrored; retrying")]
    static partial void LogProposalFailed(ILogger logger, string txHash, Exception exception);
}

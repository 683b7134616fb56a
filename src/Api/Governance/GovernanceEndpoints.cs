using System.Reflection;
using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Governance.Chat;
using OpenChat.Chain.Governance.Proposals;
using OpenChat.Chain.Governance.Templates;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Chats;
using OpenChat.Chain.Payments.Custody;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Governance.Governor;
using OpenChat.Chain.Wallet.Votes;

namespace OpenChat.Chain.Api.Governance;

/// <summary>Governance from chat: proposals from templates, votes, delegation, queue/execute, voting power, the release check.</summary>
public static class GovernanceEndpoints
{
    const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapGovernanceEndpoints(this IEndpointRouteBuilder app)
    {
        var governance = app.MapGroup("/api/governance").WithTags("Governance").RequireAuthorization();
        governance.MapGet("/proposals", (IMediator m, CancellationToken ct) => m.Value(new ListProposals(), ct)).WithSummary("List governance proposals");
        governance.MapGet("/proposals/{proposalId}", (string proposalId, IMediator m, CancellationToken ct) => m.Ok(new GetProposal(proposalId), ct))
            .WithSummary("Get a governance proposal");
        governance.MapPost("/proposals", CreateProposal)
            .WithSummary("Propose a change from a template")
            .WithDescription("Submitted on chain from your account (202 while queued); the Idempotency-Key makes a retry answer with the same " +
                "proposal.");
        governance.MapPost("/proposals/{proposalId}/votes", Vote)
            .WithSummary("Vote on a proposal")
            .WithDescription("For, Against or Abstain with an optional reason, cast on chain with your voting power at the proposal's snapshot.");
        governance.MapPost("/proposals/{proposalId}/queue", (string proposalId, ClaimsPrincipal user, MessagingDb users, IMediator mediator, CancellationToken ct) =>
            Advance(proposalId, ProposalStep.Queue, user, users, mediator, ct))
            .WithSummary("Queue a passed proposal for execution")
            .WithDescription("Anyone signed in may queue a proposal that succeeded; the service's keeper also does it when due.");
        governance.MapPost("/proposals/{proposalId}/execute", (string proposalId, ClaimsPrincipal user, MessagingDb users, IMediator mediator, CancellationToken ct) =>
            Advance(proposalId, ProposalStep.Execute, user, users, mediator, ct))
            .WithSummary("Execute a queued proposal")
            .WithDescription("Anyone signed in may, once the timelock's delay has passed; the service's keeper also does it when due.");
        governance.MapPost("/delegate", Delegate)
            .WithSummary("Delegate your voting power")
            .WithDescription("To a user or an address; always confirmed by the owner (kind Delegate).");
        governance.MapPost("/activate", ActivateVoting)
            .WithSummary("Turn your votes on")
            .WithDescription("A relayed self-delegation, once: 202 when queued now, 200 when queued before or you already delegate.");
        governance.MapGet("/voting-power", async (string? proposalId, ClaimsPrincipal user, MessagingDb users, IMediator m, CancellationToken ct) =>
                await m.Ok(new GetVotingPower(await AccountAsync(user, users, ct), proposalId), ct))
            .WithSummary("Get your voting power")
            .WithDescription("Your votes at a proposal's snapshot (or now), your balance, and whom you delegate to.");
        governance.MapPost("/join", Join)
            .WithSummary("Join the governance group")
            .WithDescription("Open to every account; turns your votes on too.");
        app.MapGet("/api/governance/release", (IConfiguration configuration, IMediator m, CancellationToken ct) =>
                m.Ok(new CheckRelease(RunningCommit(configuration)), ct))
            .WithTags("Governance") // public: anyone may check what runs
            .WithSummary("Check that this server runs an approved release")
            .WithDescription("No session needed: the running commit, whether governance approved it in the ReleaseRegistry, and the latest " +
                "approved one.");
        return app;
    }

    static async Task<Results<Accepted<Proposed>, Ok<Proposed>, ProblemHttpResult>> CreateProposal(
        [FromHeader(Name = IdempotencyKeyHeader)] string? key, TemplateInput body, ClaimsPrincipal user, MessagingDb users, IMediator mediator, CancellationToken ct) =>
        await mediator.Send(new CreateProposal(await AccountAsync(user, users, ct), key, body), ct) switch
        {
            { Error: { } error } => error.ToProblem(),
            { Value: { Created: true } made } => TypedResults.Accepted($"/api/governance/proposals/{made.ProposalId}", made),
            var found => TypedResults.Ok(found.Value),
        };

    static async Task<Results<Accepted<TransferView>, ProblemHttpResult>> Vote(string proposalId, VoteBody body, ClaimsPrincipal user, MessagingDb users,
        IMediator mediator, CancellationToken ct)
    {
        if (!Enum.TryParse<VoteSupport>(body.Support, ignoreCase: true, out var support) || !Enum.IsDefined(support))
            return Problems.Invalid("support", "For, Against or Abstain");
        if (body.Reason is { Length: > 1_000 }) return Problems.Invalid("reason", "At most 1000 characters");
        var result = await mediator.Send(new CastVote(await AccountAsync(user, users, ct), proposalId, support, body.Reason), ct);
        if (result.Error is { } error) return error.ToProblem();
        return TypedResults.Accepted((string?)null, result.Value!.Transfer);
    }

    static async Task<Results<Accepted<TransferView>, Ok<TransferView>, ProblemHttpResult>> Advance(string proposalId, ProposalStep step,
        ClaimsPrincipal user, MessagingDb users, IMediator mediator, CancellationToken ct)
    {
        if ((await mediator.Send(new GetProposal(proposalId), ct)).Error is { } missing) return missing.ToProblem();
        var actions = await GovernanceMirror.ActionsAsync(mediator, proposalId, ct);
        return Queued(await mediator.Send(new AdvanceProposal(await AccountAsync(user, users, ct), step, actions), ct));
    }

    /// <summary>Moves the caller's voting power: always confirmed by the owner (kind Delegate, the delegatee's address), in Payments.</summary>
    static async Task<Results<Accepted<TransferView>, Ok<TransferView>, ProblemHttpResult>> Delegate(
        [FromHeader(Name = IdempotencyKeyHeader)] string? key, DelegateBody body, ClaimsPrincipal user, MessagingDb users, WalletKeys keys,
        IMediator mediator, CancellationToken ct)
    {
        var to = await CustodyTerms.DelegateeAsync(body.ToUserId, body.ToAddress, users, keys, ct);
        if (to is null && body.ToUserId is not null) return MessagingErrors.UserNotFound.ToProblem();
        if (to is null) return Problems.Invalid("toUserId", "Name whom to delegate to: toUserId or toAddress");
        var moved = await mediator.Send(new MoveFromWallet(user.UserId(), CustodyTerms.Delegate(to, key), body.Confirmation), ct);
        if (moved.Value?.Refused is { } refused) return refused.ToProblem();
        return Queued(moved.Error is { } error ? error : moved.Value!.Sent!);
    }

    /// <summary>
    /// Turns the caller's votes on (a relayed self-delegation, once): the web client calls it when governance opens.
    /// 202 when it queued the delegation now, 200 when it was queued before or the account already delegates.
    /// </summary>
    static async Task<Results<Accepted<VotingActivation>, Ok<VotingActivation>, ProblemHttpResult>> ActivateVoting(ClaimsPrincipal user,
        MessagingDb users, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new ActivateVoting(await AccountAsync(user, users, ct)), ct);
        if (result.Error is { } error) return error.ToProblem();
        return result.Value!.Created ? TypedResults.Accepted((string?)null, result.Value) : TypedResults.Ok(result.Value);
    }

    /// <summary>Every account may join the governance group; joining turns the member's votes on too.</summary>
    static async Task<Results<Ok<ChatView>, ProblemHttpResult>> Join(ClaimsPrincipal user, MessagingDb users, GovernanceSpace space,
        IMediator mediator, CancellationToken ct)
    {
        // Best effort: without keys or chain the member still joins, and opening governance activates later.
        await mediator.Send(new ActivateVoting(await AccountAsync(user, users, ct)), ct);
        var (owner, chatId, _) = await space.WhenReady(ct);
        var members = await mediator.Send(new GetMemberIds(owner, chatId), ct);
        if (members.Value!.Contains(user.UserId())) return (await mediator.Send(new GetChat(user.UserId(), chatId), ct)).ToOkOrProblem();
        return (await mediator.Send(new InviteMembers(owner, chatId, [user.UserId()]), ct)).ToOkOrProblem();
    }

    /// <summary>"Release:Commit" if set, else the git commit the build stamped into the assembly (SourceLink's "+sha").</summary>
    public static string? RunningCommit(IConfiguration configuration)
    {
        var configured = configuration["Release:Commit"];
        var stamped = typeof(GovernanceEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+').ElementAtOrDefault(1);
        var commit = (configured ?? stamped)?.Trim().ToLowerInvariant();
        return commit is { Length: 40 } && commit.All(Uri.IsHexDigit) ? commit : null;
    }

    /// <summary>202 when the chain action was queued now, 200 when it was queued before.</summary>
    static Results<Accepted<TransferView>, Ok<TransferView>, ProblemHttpResult> Queued(Result<SentTransfer> result) =>
        result.Error is { } error ? error.ToProblem()
            : result.Value!.Created ? TypedResults.Accepted((string?)null, result.Value.Transfer) : TypedResults.Ok(result.Value.Transfer);

    static Task<int> AccountAsync(ClaimsPrincipal user, MessagingDb users, CancellationToken ct) => users.RequiredAccountIndexAsync(user.UserId(), ct);

}

public sealed record VoteBody(string? Support, string? Reason = null);

public sealed record DelegateBody(Guid? ToUserId = null, string? ToAddress = null, PaymentConfirmation? Confirmation = null);


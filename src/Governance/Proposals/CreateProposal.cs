using FluentValidation;
using Mediator;
using OpenChat.Chain.Governance.Templates;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Governance.Governor;

namespace OpenChat.Chain.Governance.Proposals;

/// <summary>
/// A member proposes from a template; the proposal goes on chain from their account (relayed) and shows in the
/// governance chat once the chain has it.
/// </summary>
public sealed record CreateProposal(int AccountIndex, string? IdempotencyKey, TemplateInput Input) : ICommand<Result<Proposed>>;

public sealed class CreateProposalValidator : AbstractValidator<CreateProposal>
{
    public CreateProposalValidator()
    {
        RuleFor(c => c.IdempotencyKey).NotEmpty().MaximumLength(100).OverridePropertyName("idempotencyKey");
        RuleFor(c => c.Input.Title).NotEmpty().MaximumLength(200).OverridePropertyName("title");
        RuleFor(c => c.Input.Title).PlainText().OverridePropertyName("title");
        RuleFor(c => c.Input.Description).MaximumLength(5_000).OverridePropertyName("description");
        RuleFor(c => c.Input.Description).PlainText().OverridePropertyName("description");
    }
}

public sealed class CreateProposalHandler(ChainStatus chain, IMediator mediator) : ICommandHandler<CreateProposal, Result<Proposed>>
{
    public async ValueTask<Result<Proposed>> Handle(CreateProposal command, CancellationToken ct)
    {
        if (chain.Connection is not { } connection) return WalletErrors.ChainUnavailable;
        var c = connection.Contracts;
        var draft = ProposalTemplates.Build(command.Input, new GovernanceContracts(c.Timelock, c.ChatCoin, c.RedEnvelope, c.ReleaseRegistry, c.RewardsPool));
        if (draft.Error is { } invalid) return invalid;
        var d = draft.Value!;
        return await mediator.Send(new Propose(command.AccountIndex, command.IdempotencyKey!,
            new ProposalActions(d.Targets, d.Values, d.Calldatas, d.Description)), ct);
    }
}

using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Governance;

public static class GovernanceErrors
{
    public static readonly Error ProposalNotFound = new("governance.proposal_not_found", ErrorKind.NotFound);
    public static readonly Error ProposalExists = new("governance.proposal_exists", ErrorKind.Conflict,
        "The same actions with the same description were proposed already; change the description");
    public static readonly Error BelowProposalThreshold = new("governance.below_threshold", ErrorKind.Conflict);
    public static readonly Error AlreadyVoted = new("governance.already_voted", ErrorKind.Conflict, "You have already voted on this proposal");
    public static readonly Error VotingClosed = new("governance.voting_closed", ErrorKind.Conflict);
    public static readonly Error ProposalNotReady = new("governance.not_ready", ErrorKind.Conflict);
    public static readonly Error UnknownTemplate = new("governance.unknown_template", ErrorKind.Invalid,
        "Templates: mint, envelope-max-shares, envelope-min-share, text, release, fund-rewards, reward-rules, grant");
    public static readonly Error NoRewardsPool = new("governance.no_rewards_pool", ErrorKind.Invalid,
        "This chain has no rewards pool yet: the service deploys one at its next start");
    public static readonly Error InvalidRecipient = new("governance.invalid_recipient", ErrorKind.Invalid,
        "\"to\" is the 0x address (40 hex digits) that receives the minted coins");
    public static readonly Error InvalidAmount = new("governance.invalid_amount", ErrorKind.Invalid,
        "\"amount\" is a positive number of whole coins (up to 18 decimals)");
    public static readonly Error InvalidValue = new("governance.invalid_value", ErrorKind.Invalid);
    public static readonly Error InvalidCommit = new("governance.invalid_commit", ErrorKind.Invalid,
        "\"commit\" is a git commit hash: 40 hexadecimal digits");
}

using OpenChat.Chain.Kernel;

namespace OpenChat.Chain.Governance;

public static class GovernanceErrors
{
    public static readonly Error ProposalNotFound = new("governance.proposal_not_found", ErrorKind.NotFound);
    public static readonly Error UnknownTemplate = new("governance.unknown_template", ErrorKind.Invalid,
        "Templates: mint, envelope-max-shares, envelope-min-share, text, release");
    public static readonly Error InvalidRecipient = new("governance.invalid_recipient", ErrorKind.Invalid,
        "\"to\" is the 0x address (40 hex digits) that receives the minted coins");
    public static readonly Error InvalidAmount = new("governance.invalid_amount", ErrorKind.Invalid,
        "\"amount\" is a positive number of whole coins (up to 18 decimals)");
    public static readonly Error InvalidValue = new("governance.invalid_value", ErrorKind.Invalid);
    public static readonly Error InvalidCommit = new("governance.invalid_commit", ErrorKind.Invalid,
        "\"commit\" is a git commit hash: 40 hexadecimal digits");
}

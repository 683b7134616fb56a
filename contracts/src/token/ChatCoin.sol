// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Capped} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Capped.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {IVoteSeconds} from "../governance/IVoteSeconds.sol";
import {ICirculatingSupply} from "../governance/ICirculatingSupply.sol";

/// @title ChatCoin
/// @notice The chat's ERC-20: transfers, tips, red envelopes and governance votes are all paid in it.
/// @dev Security: only the owner, the governance timelock, can mint, and never beyond the cap. Nobody can
/// burn coins. Nobody can move another holder's coins without an allowance the holder gave (approve or EIP-2612
/// permit): every spender, this coin's own contracts included, follows plain ERC-20 allowance rules. A tip is a
/// transfer by the tipper with a memo (`tip`), so it needs no spender at all. Calls relayed by the trusted ERC-2771
/// forwarder act for the signer of the request, so holders need no ETH for gas.
///
/// Votes (ERC20Votes, timestamp clock as the Governor's, EIP-6372) count only delegated coins. Holders are not
/// delegated by default: a holder who never votes never writes a vote checkpoint, so their transfers cost about
/// what a plain ERC-20 transfer does; the chat service activates voting (a relayed `delegate` to oneself) when a
/// member first opens governance. For each delegate the coin also keeps the running integral of its votes over
/// time (`getPastVoteSeconds`), written at the same instants as the vote checkpoints, so a governor can weigh
/// votes by exact time-weighted holdings (CoinAgeGovernor, docs/coin-age-votes.md).
///
/// Governance-held coins (the timelock's treasury and the rewards pool, both fixed at construction) are checkpointed as
/// one total on the same clock, so a governor can count quorum against the circulating supply at a proposal's
/// snapshot (docs/rewards-and-quorum.md). Both accounts are delegated at construction to this coin's own address, so
/// the total is that address's vote checkpoints, written by ERC20Votes' own bookkeeping only when coins enter or leave
/// them: a transfer between members (no delegate on either side) costs nothing for it. The coin's address cannot vote
/// (it is a contract that calls no governor), the two accounts cannot delegate elsewhere, and nobody else can delegate
/// to the coin, so no proposal can lend the treasury's weight to anyone and nobody can hide coins from the quorum.
contract ChatCoin is ERC20, ERC20Permit, ERC20Votes, ERC20Capped, ERC2771Context, Ownable, IVoteSeconds, ICirculatingSupply {
    using Checkpoints for Checkpoints.Trace208;

    /// @notice `tipper` paid `amount` to `author` for the chat message `messageRef` (a transfer with a memo; the
    /// `Transfer` event of the same coins follows).
    event MessageTipped(bytes32 indexed messageRef, address indexed tipper, address indexed author, uint256 amount);

    /// @notice The initial distribution lists differ in length.
    error ChatCoinDistributionMismatch(uint256 recipients, uint256 amounts);
    /// @notice The cap is above MAX_CAP.
    error ChatCoinCapTooLarge(uint256 cap, uint256 maxCap);
    /// @notice A tip of zero coins.
    error ChatCoinZeroTip(address tipper);
    /// @notice A tipper tried to tip themselves.
    error ChatCoinSelfTip(address tipper);
    /// @notice A governance-held account (the timelock, the rewards pool) tried to delegate its votes.
    error ChatCoinGovernanceCannotDelegate(address account);
    /// @notice `account` tried to delegate to the coin itself, which tallies governance-held coins only.
    error ChatCoinDelegateeReserved(address account, address delegatee);

    /// Vote-seconds are stored as the intercept of the line they follow until the next checkpoint:
    /// S(t) = stored - ORIGIN + votes(t) * t. The intercept may be negative, so it is stored above ORIGIN, which is far
    /// above any votes * time (votes <= MAX_CAP = 2^96, time < 2^48) and far below 2^208 minus any vote-seconds
    /// reachable (< 2^144).
    uint256 private constant ORIGIN = 1 << 200;
    /// @notice The largest cap the constructor accepts (about 79 billion CHAT): it keeps vote-seconds exact.
    uint256 public constant MAX_CAP = 1 << 96;

    mapping(address delegatee => Checkpoints.Trace208) private _voteSeconds;
    // Immutables, not a mapping: reading code costs nothing next to a cold storage read. Transfers never ask: the
    // two accounts' delegation to this coin (set in the constructor) routes their coins' checkpoints.
    address private immutable _treasury;
    address private immutable _rewardsPool;

    /// @param cap_ The hard limit of the total supply, in base units.
    /// @param timelock The governance timelock: the only account that may mint.
    /// @param forwarder The trusted ERC-2771 forwarder that relays gasless requests.
    /// @param recipients Who receives the initial distribution.
    /// @param amounts How much each recipient receives, in base units.
    /// @param rewardsPool The rewards pool governance funds (may be created after the coin, at a predicted address):
    /// its coins, like the timelock's, are outside the circulating supply.
    constructor(
        uint256 cap_,
        address timelock,
        address forwarder,
        address[] memory recipients,
        uint256[] memory amounts,
        address rewardsPool
    ) ERC20("ChatCoin", "CHAT") ERC20Permit("ChatCoin") ERC20Capped(cap_) ERC2771Context(forwarder) Ownable(timelock) {
        if (cap_ > MAX_CAP) revert ChatCoinCapTooLarge(cap_, MAX_CAP);
        if (recipients.length != amounts.length) {
            revert ChatCoinDistributionMismatch(recipients.length, amounts.length);
        }
        _treasury = timelock;
        _rewardsPool = rewardsPool;
        // Delegated before minting, so the treasury's first coins are already counted as governance-held. Votes'
        // own _delegate: this contract's override refuses both accounts (they must never delegate to anyone else).
        // A coin without a pool (address 0) must not delegate address 0, the `from` of every mint.
        Votes._delegate(timelock, address(this));
        if (rewardsPool != address(0)) Votes._delegate(rewardsPool, address(this));
        for (uint256 i = 0; i < recipients.length; ++i) {
            _mint(recipients[i], amounts[i]);
        }
    }

    /// @notice Pays `amount` from the caller (or the ERC-2771 signer) to `author` for chat message `messageRef`:
    /// a plain transfer that also emits `MessageTipped`, so the chain keeps which message was tipped.
    /// @param author The message's author, who receives the tip; not the tipper, not the zero address.
    /// @param amount The tip in base units; not zero.
    /// @param messageRef The chat service's reference of the tipped message.
    function tip(address author, uint256 amount, bytes32 messageRef) external {
        address tipper = _msgSender(); // ERC-2771: the signer of a relayed request, not the relayer
        if (amount == 0) revert ChatCoinZeroTip(tipper);
        if (author == tipper) revert ChatCoinSelfTip(tipper);
        emit MessageTipped(messageRef, tipper, author, amount);
        _transfer(tipper, author, amount); // reverts with ERC20InvalidReceiver for the zero address
    }

    /// @notice Mints new coins; only the governance timelock may call it, and the supply never exceeds the cap.
    /// @param to The receiver of the new coins.
    /// @param amount How many base units to mint.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice Whether `account`'s coins are governance-held: the timelock's and the rewards pool's.
    function isGovernanceHolder(address account) public view returns (bool) {
        // A coin without a pool stores address(0), which mints and transfers name as their empty side.
        return account != address(0) && (account == _treasury || account == _rewardsPool);
    }

    /// @notice The coins governance-held accounts hold now.
    function governanceHeld() external view returns (uint256) {
        return getVotes(address(this));
    }

    /// @inheritdoc ICirculatingSupply
    function getPastGovernanceHeld(uint256 timepoint) public view returns (uint256) {
        return getPastVotes(address(this), timepoint); // validates the timepoint
    }

    /// @inheritdoc ICirculatingSupply
    function getPastCirculatingSupply(uint256 timepoint) external view returns (uint256) {
        // Both totals are read at the same past timepoint, so nothing moved at or after it changes the answer.
        return getPastTotalSupply(timepoint) - getPastGovernanceHeld(timepoint);
    }

    /// @notice The integral of `account`'s votes over time from the clock's zero to `timepoint`, in base-unit
    /// seconds: S(b) - S(a) are the vote-seconds held between a and b, exact to the second, whatever happened in
    /// between. Like `getPastVotes`, `timepoint` must be in the past.
    /// @param account The delegate.
    /// @param timepoint A past timestamp.
    function getPastVoteSeconds(address account, uint256 timepoint) external view returns (uint256) {
        uint256 votes = getPastVotes(account, timepoint); // validates the timepoint
        uint256 stored = _voteSeconds[account].upperLookupRecent(uint48(timepoint)); // fits: checked above
        if (stored == 0) return 0; // no checkpoint yet: no votes ever, or not until after timepoint
        return stored + votes * timepoint - ORIGIN;
    }

    /// @notice The EIP-6372 clock: votes are checkpointed by block timestamp.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice The EIP-6372 clock mode.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @notice The EIP-2612 permit nonce of an owner (shared with vote delegation by signature).
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    /// @dev Every balance change passes here. A move between a governance holder and anyone else (a mint to the
    /// treasury included) moves the governance-held total through ERC20Votes: the holder's delegate is this coin.
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes, ERC20Capped) {
        super._update(from, to, value);
    }

    /// @dev Governance-held coins are outside the quorum's supply, so they must never vote: a proposal making the
    /// timelock delegate would hand the treasury's weight to one account. And only they may count as governance-held:
    /// a holder delegating to the coin would take their coins out of the quorum's supply around a snapshot.
    function _delegate(address account, address delegatee) internal override {
        if (isGovernanceHolder(account)) revert ChatCoinGovernanceCannotDelegate(account);
        if (delegatee == address(this)) revert ChatCoinDelegateeReserved(account, delegatee);
        super._delegate(account, delegatee);
    }

    /// @dev The one place votes change (transfers and delegations): next to each vote checkpoint, move the
    /// vote-seconds line's intercept so that S stays continuous: votes go from v to v -/+ amount at now, so the
    /// intercept changes by +/- amount * now. Holders without a delegate (address 0) write nothing here.
    function _moveDelegateVotes(address from, address to, uint256 amount) internal override {
        // Nothing moves (as in Votes): members without a delegate (from = to = 0) leave here, before any other work.
        if (from == to || amount == 0) return;
        super._moveDelegateVotes(from, to, amount);
        uint48 now_ = clock();
        // The coin's own tally (governance-held coins) never votes, so it keeps no vote-seconds.
        if (from != address(0) && from != address(this)) _moveIntercept(from, now_, amount * now_, true);
        if (to != address(0) && to != address(this)) _moveIntercept(to, now_, amount * now_, false);
    }

    function _moveIntercept(address account, uint48 now_, uint256 delta, bool up) private {
        Checkpoints.Trace208 storage line = _voteSeconds[account];
        uint256 stored = line.latest();
        if (stored == 0) stored = ORIGIN; // first checkpoint: S was 0 with 0 votes
        // The new intercept is S(now) - votes after * now + ORIGIN: above 0 because votes * now < 2^144 < ORIGIN, and
        // below 2^208 because S(now) < 2^144 too (see ORIGIN), so the cast keeps every bit.
        // forge-lint: disable-next-line(unsafe-typecast)
        line.push(now_, uint208(up ? stored + delta : stored - delta));
    }

    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return ERC2771Context._msgSender();
    }

    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return ERC2771Context._msgData();
    }

    function _contextSuffixLength() internal view override(Context, ERC2771Context) returns (uint256) {
        return ERC2771Context._contextSuffixLength();
    }
}
